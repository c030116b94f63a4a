/* dump_geonames.c: prints the GeoNames cities that Debian's libgeonames0 holds
 * as TSV on stdout: id, name, admin1 key, state, country code, lat, lon,
 * population. Run by build.sh, never by the library build.
 *
 * The C API does not expose the GeoNames id, but it looks each name up with
 * g_dgettext(domain, id) so that it can translate it; defining g_dgettext here
 * (symbol interposition) lets us see that id. We return the msgid untranslated,
 * so the library falls back to the stored (English/native) name.
 *
 * Build: cc dump_geonames.c $(pkg-config --cflags --libs glib-2.0 geonames)
 */
#include <geonames/geonames.h>
#include <stdio.h>
#include <string.h>

static char last_msgid[256];

const gchar *g_dgettext(const gchar *domain, const gchar *msgid) {
    (void)domain;
    if (msgid) {
        strncpy(last_msgid, msgid, sizeof last_msgid - 1);
        last_msgid[sizeof last_msgid - 1] = '\0';
    }
    return msgid;
}

int main(void) {
    gint n = geonames_get_n_cities();
    for (gint i = 0; i < n; i++) {
        GeonamesCity *c = geonames_get_city(i);
        char id[256], admin[256];
        last_msgid[0] = '\0';
        const gchar *name = geonames_city_get_name(c);
        strcpy(id, last_msgid);
        last_msgid[0] = '\0';
        const gchar *state = geonames_city_get_state(c);
        strcpy(admin, last_msgid);
        printf("%s\t%s\t%s\t%s\t%s\t%.5f\t%.5f\t%u\n", id, name, admin, state ? state : "",
               geonames_city_get_country_code(c), geonames_city_get_latitude(c),
               geonames_city_get_longitude(c), geonames_city_get_population(c));
        geonames_city_free(c);
    }
    return 0;
}
