// main_text(): the story's blocks by a maximum-sum subtree (see main_text.hpp).
#include "ingest/main_text.hpp"

#include <algorithm>
#include <cstdint>

namespace annals::detail::html {

namespace {

// Weight of a chrome or link-list character against one of running text. Chrome
// inside the chosen container is dropped anyway, so it only tips the choice
// towards tighter containers; it must not outweigh the story around it (a photo
// gallery inside the article body).
constexpr double kChromePenalty = 0.25;
constexpr double kLinkPenalty = 0.5;
// How many levels above the container a lead paragraph is looked for.
constexpr int kLeadLevels = 2;
// How many blocks before the story's first one its headline is looked for.
constexpr std::size_t kStandfirstBlocks = 60;

double link_density(const Block& b) { return b.chars ? static_cast<double>(b.link_chars) / b.chars : 0.0; }

// Chinese, Japanese and Korean carry a sentence in fewer characters: most of
// their code points take three UTF-8 bytes.
bool dense_script(const Block& b) { return b.text.size() > 2.5 * static_cast<double>(b.chars); }

std::size_t words(const std::string& s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        bool sp = c == ' ' || c == '\n';
        if (!sp && !in) ++n;
        in = !sp;
    }
    return n;
}

// Running text: long enough and mostly not links. A heading as long as a
// paragraph is a paragraph set large.
bool running(const Block& b, const Element& e, std::size_t min_chars) {
    if (e.kind == Kind::Caption) return false;
    if (dense_script(b)) min_chars = min_chars * 10 / 28;
    if (e.kind == Kind::Heading) min_chars *= 2;
    return b.chars >= min_chars && link_density(b) < 0.33;
}

// Ends like a sentence: ". ! ? : ; …" or a closing quote after one.
bool sentence_like(const Block& b) {
    std::string_view t = b.text;
    while (!t.empty() && (t.back() == '"' || t.back() == '\'' || t.back() == ')')) t.remove_suffix(1);
    if (t.size() >= 3 && (t.substr(t.size() - 3) == "\u201D" || t.substr(t.size() - 3) == "\u2019")) t.remove_suffix(3);
    if (t.empty()) return false;
    const char c = t.back();
    if (c == '.' || c == '!' || c == '?' || c == ';') return words(b.text) >= 3;
    return t.size() >= 3 && (t.substr(t.size() - 3) == "\u3002" || t.substr(t.size() - 3) == "\u2026");
}

struct Analysis {
    std::vector<bool> own;      // boilerplate by its own names or tag, wrappers of the story excepted
    std::vector<bool> boiler;   // own or inherited
    std::vector<double> score;  // subtree sums of block weights
    std::vector<double> clean;  // running text outside chrome, weighted by its share of non-link text
    std::vector<bool> named;    // is or is inside an element named as the article body
    std::vector<bool> firm;     // inside chrome named or tagged more surely than by weak names
    std::vector<double> lead;   // running text without links outside firm chrome
    std::vector<int> last;      // last element index of each subtree
};

Analysis analyse(const Doc& doc, std::size_t min_chars) {
    const auto& els = doc.elements;
    const std::size_t n = els.size();
    Analysis a;
    a.own.assign(n, false);
    a.boiler.assign(n, false);
    a.score.assign(n, 0.0);
    a.clean.assign(n, 0.0);
    a.firm.assign(n, false);
    a.lead.assign(n, 0.0);
    a.last.resize(n);

    // Running text under each element, boilerplate or not.
    std::vector<double> text(n, 0.0);
    // Readers' comments can outweigh a short story: they do not count in the page's total.
    std::vector<bool> in_comments(n, false);
    for (std::size_t i = 1; i < n; ++i)
        in_comments[i] = in_comments[static_cast<std::size_t>(els[i].parent)] || els[i].chrome == Chrome::Comments;
    double total = 0;
    for (const Block& b : doc.blocks) {
        const auto el = static_cast<std::size_t>(b.element);
        if (!running(b, els[el], min_chars)) continue;
        text[el] += static_cast<double>(b.chars);
        if (!in_comments[el]) total += static_cast<double>(b.chars);
    }
    for (std::size_t i = n; i-- > 1;) text[static_cast<std::size_t>(els[i].parent)] += text[i];
    for (std::size_t i = 0; i < n; ++i) a.last[i] = static_cast<int>(i);
    for (std::size_t i = n; i-- > 1;) {
        auto p = static_cast<std::size_t>(els[i].parent);
        a.last[p] = std::max(a.last[p], a.last[i]);
    }

    // Does the subtree hold an element named as the story's body?
    std::vector<bool> holds_story(n, false);
    bool named_story = false;  // a named body with running text: outside it only its wrappers are not chrome
    for (std::size_t i = n; i-- > 1;) {
        if (els[i].positive && text[i] >= 100) named_story = true;
        if (els[i].positive || holds_story[i]) holds_story[static_cast<std::size_t>(els[i].parent)] = true;
    }
    a.named.assign(n, false);
    for (std::size_t i = 1; i < n; ++i) a.named[i] = a.named[static_cast<std::size_t>(els[i].parent)] || els[i].positive;

    // A region flagged as chrome that holds most of the page's running text, or the
    // story's named body, is a wrapper ("page has-sidebar", "grid-layout-ad-rail",
    // an ASP.NET form, a <header> left open), not chrome.
    for (std::size_t i = 1; i < n; ++i) {
        const Element& e = els[i];
        const double share = total > 0 ? text[i] / total : 0.0;
        const bool elsewhere = named_story && !a.named[i];  // outside the named body
        bool boiler = false;
        switch (e.chrome) {
            case Chrome::None: break;
            case Chrome::Weak: boiler = !holds_story[i] && (elsewhere || share < 0.25); break;
            case Chrome::Strong: case Chrome::Tag: boiler = !holds_story[i] && (elsewhere || share < 0.6); break;
            case Chrome::Comments: boiler = true; break;
        }
        a.own[i] = boiler;
        a.boiler[i] = a.boiler[static_cast<std::size_t>(e.parent)] || boiler;
        // A page-level <header> holds the headline and may hold the standfirst.
        a.firm[i] = a.firm[static_cast<std::size_t>(e.parent)] ||
                    (boiler && e.chrome != Chrome::Weak && !(e.chrome == Chrome::Tag && e.header));
    }

    for (const Block& b : doc.blocks) {
        const auto el = static_cast<std::size_t>(b.element);
        double w = 0;
        if (a.boiler[el]) w = -kChromePenalty * static_cast<double>(b.chars);
        else if (link_density(b) > 0.5) w = -kLinkPenalty * static_cast<double>(b.chars);
        else if (running(b, els[el], min_chars)) w = static_cast<double>(b.chars) * (1.0 - link_density(b));
        a.score[el] += w;
        if (w > 0) a.clean[el] += w;
        if (!a.firm[el] && link_density(b) < 0.1 && running(b, els[el], min_chars))
            a.lead[el] += static_cast<double>(b.chars);
    }
    for (std::size_t i = n; i-- > 1;) {
        a.score[static_cast<std::size_t>(els[i].parent)] += a.score[i];
        a.clean[static_cast<std::size_t>(els[i].parent)] += a.clean[i];
        a.lead[static_cast<std::size_t>(els[i].parent)] += a.lead[i];
    }
    // Names and tags that mark the story tip the balance between near-equal candidates.
    for (std::size_t i = 1; i < n; ++i) {
        const Element& e = els[i];
        if (a.score[i] <= 0) continue;
        if (e.positive) a.score[i] += 0.15 * text[i];
        else if (e.article) a.score[i] += 0.1 * text[i];
        else if (e.main) a.score[i] += 0.05 * text[i];
    }
    return a;
}

// The standfirst: running text between the headline (the <h1> nearest before the
// story) and the story's first block, wherever the page puts it (a page-level
// <header>, a "chapo" or "intro" box beside the body's column).
void add_standfirst(const Doc& doc, const Analysis& a, std::size_t min_chars, std::vector<std::size_t>& out) {
    const std::size_t start = out.front();
    std::size_t h1 = start;
    for (std::size_t bi = start; bi-- > 0 && start - bi <= kStandfirstBlocks;) {
        const Element& e = doc.elements[static_cast<std::size_t>(doc.blocks[bi].element)];
        if (e.kind == Kind::Heading && e.level == 1) {
            h1 = bi;
            break;
        }
    }
    if (h1 == start) return;
    std::vector<std::size_t> lead;
    for (std::size_t bi = h1 + 1; bi < start; ++bi) {
        const Block& b = doc.blocks[bi];
        const auto el = static_cast<std::size_t>(b.element);
        if (!a.firm[el] && running(b, doc.elements[el], min_chars) && link_density(b) < 0.1)
            lead.push_back(bi);
    }
    out.insert(out.begin(), lead.begin(), lead.end());
}

}  // namespace

std::vector<std::size_t> main_text(const Doc& doc, std::size_t min_chars) {
    const auto& els = doc.elements;
    if (els.size() < 2) return {};
    Analysis a = analyse(doc, min_chars);

    std::size_t best = 0;
    for (std::size_t i = 1; i < els.size(); ++i)
        if (a.score[i] > 0 && a.score[i] >= a.score[best]) best = i;  // ties: the deeper, later one
    if (best == 0 && a.score[0] <= 0) return {};

    // The container, and the elements before it (beside it or beside its parent)
    // that hold running text outside chrome: the lead or standfirst above the body's
    // own element, as readability adds a container's siblings (ones after it are
    // mostly teasers and bios).
    std::vector<std::size_t> chain{best};  // best and the ancestors whose earlier children are read
    for (int k = 0; k < kLeadLevels && els[chain.back()].parent > 0; ++k)
        chain.push_back(static_cast<std::size_t>(els[chain.back()].parent));
    const std::size_t scope = chain.back();
    auto on_chain = [&](std::size_t i) { return std::find(chain.begin(), chain.end(), i) != chain.end(); };
    auto taken = [&](std::size_t child) {
        return on_chain(child) || (child < best && !a.own[child] && a.clean[child] >= static_cast<double>(min_chars));
    };
    // A child before the container that holds running text under weak names only
    // ("teaser-text", "article-teaser") may hold the lead: not firmly left out.
    auto weak_lead = [&](std::size_t child) {
        return child < best && (!a.own[child] || els[child].chrome == Chrome::Weak) &&
               a.lead[child] >= static_cast<double>(min_chars);
    };
    // Blocks are read in the taken children of the chain, outside chrome below them.
    const auto first = scope, end = static_cast<std::size_t>(a.last[scope]) + 1;
    // below: left out (chrome, or not taken); firmly: left out by more than weak names.
    std::vector<bool> below(end - first, scope != best), firmly(end - first, scope != best);
    for (std::size_t i = first + 1; i < end; ++i) {
        const auto p = static_cast<std::size_t>(els[i].parent);
        if (p != best && on_chain(p)) {
            below[i - first] = !taken(i);
            firmly[i - first] = below[i - first] && !weak_lead(i);
            continue;
        }
        below[i - first] = below[p - first] || a.own[i];
        firmly[i - first] = firmly[p - first] || (a.own[i] && els[i].chrome != Chrome::Weak);
    }

    // Classes as jusText has them: running text, headings, short lines, and link
    // lists, which are dropped but stay in the sequence as a barrier: a heading or
    // a short line is read with its neighbours.
    enum Class : std::uint8_t { Good, Heading, Short, Links, Edge };  // Edge: before the first, after the last
    std::vector<std::size_t> cand;
    std::vector<Class> cls;
    bool text_seen = false;
    for (std::size_t bi = 0; bi < doc.blocks.size(); ++bi) {
        const Block& b = doc.blocks[bi];
        const auto el = static_cast<std::size_t>(b.element);
        if (el < first || el >= end) continue;
        const Element& e = els[el];
        const double ld = link_density(b);
        const bool runs = running(b, e, min_chars);
        // A weakly named region of running text without links before the story's text
        // is its lead ("teaser" is the German Vorspann), not chrome.
        const bool lead = !text_seen && !firmly[el - first] && ld < 0.1 && runs;
        if ((below[el - first] && !lead) || e.kind == Kind::Caption) continue;
        text_seen = text_seen || runs;
        cand.push_back(bi);
        if (ld > 0.5 || (e.kind == Kind::ListItem && ld > 0.3)) cls.push_back(Links);
        else cls.push_back(runs ? Good : e.kind == Kind::Heading ? Heading : Short);
    }

    const std::size_t m = cand.size();
    // The class of the nearest block before / after i that is not a short line or heading.
    std::vector<Class> before(m, Edge), after(m, Edge);
    auto see_through = [&](std::size_t i) { return cls[i] == Short || cls[i] == Heading; };
    for (std::size_t i = 1; i < m; ++i) before[i] = see_through(i - 1) ? before[i - 1] : cls[i - 1];
    for (std::size_t i = m; i-- > 1;) after[i - 1] = see_through(i) ? after[i] : cls[i];
    // Headings: the next block that is not a heading or short line is running text.
    std::vector<bool> text_follows(m, false);
    for (std::size_t i = m; i-- > 1;)
        text_follows[i - 1] = cls[i] == Good || ((cls[i] == Heading || cls[i] == Short) && text_follows[i]);

    std::vector<bool> keep(m, false);
    for (std::size_t i = 0; i < m; ++i) {
        const Block& b = doc.blocks[cand[i]];
        const auto el = static_cast<std::size_t>(b.element);
        // A list or table in the element the site names as the article body is the
        // story's (ingredients, facts boxes), wherever it stands.
        const bool named_list = a.named[el] && (els[el].kind == Kind::ListItem || els[el].kind == Kind::Cell);
        switch (cls[i]) {
            case Good: keep[i] = true; break;
            case Links: case Edge: case Heading: break;
            case Short:
                keep[i] = named_list || (before[i] == Good && (after[i] == Good || sentence_like(b))) ||
                          (before[i] == Links && after[i] == Good) ||
                          (after[i] == Good && sentence_like(b) && words(b.text) >= 5);
                break;
        }
    }
    // Headings go with what they head: running text further on, or the kept block
    // right after them.
    for (std::size_t i = m; i-- > 0;)
        if (cls[i] == Heading) keep[i] = text_follows[i] || (i + 1 < m && keep[i + 1]);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m; ++i)
        if (keep[i]) out.push_back(cand[i]);
    if (!out.empty()) add_standfirst(doc, a, min_chars, out);
    return out;
}

std::vector<std::size_t> running_text(const Doc& doc, std::size_t min_chars) {
    Analysis a = analyse(doc, min_chars);
    std::vector<std::size_t> out;
    for (std::size_t bi = 0; bi < doc.blocks.size(); ++bi) {
        const Block& b = doc.blocks[bi];
        const auto el = static_cast<std::size_t>(b.element);
        if (!a.boiler[el] && running(b, doc.elements[el], min_chars)) out.push_back(bi);
    }
    return out;
}

}  // namespace annals::detail::html
