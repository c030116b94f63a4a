/* Uses the installed C API only, found with pkg-config (annals-c): the header
 * under the project's folder, <annals/c.h>. */
#include <annals/c.h>

#include <stdio.h>

int main(void) {
    printf("annals C API: %s\n", annals_status_name(ANNALS_OK));
    return 0;
}
