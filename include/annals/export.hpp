// annals/export.hpp: symbol visibility. The library is built with hidden
// visibility; only declarations marked ANNALS_EXPORT are part of its ABI.
#pragma once

#if defined(ANNALS_STATIC)
#define ANNALS_EXPORT
#elif defined(_WIN32)
#ifdef ANNALS_BUILDING
#define ANNALS_EXPORT __declspec(dllexport)
#else
#define ANNALS_EXPORT __declspec(dllimport)
#endif
#else
#define ANNALS_EXPORT __attribute__((visibility("default")))
#endif
