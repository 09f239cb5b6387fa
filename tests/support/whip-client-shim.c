/*
 * Preloaded into Debian's simple-whip-client (tests and benches only; see tests/support/whipClient.ts).
 *
 * 1. Debian 12's whip-client links libsoup 2.4, while libnice links libgupnp-igd → libgupnp-1.6 →
 *    libsoup 3; when GStreamer's webrtc plugin loads libnice, libsoup 3's constructor finds libsoup 2
 *    in the process and aborts ("libsoup2 symbols detected…"). Built with the soname
 *    libgupnp-igd-1.0.so.4 and preloaded, this file *is* that library for the dynamic linker, so
 *    the real one (and libsoup 3) is never loaded. UPnP port mapping is useless on loopback; a NULL
 *    from gupnp_simple_igd_thread_new() makes libnice skip it (it checks).
 *
 * 2. libnice never gathers loopback addresses (IFF_LOOPBACK interfaces are skipped), so on a
 *    loopback-only machine or network namespace it has no candidate and ICE never starts. Clearing
 *    IFF_LOOPBACK in getifaddrs() lets it gather 127.0.0.1, so the traffic stays on `lo`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stddef.h>

void *gupnp_simple_igd_thread_new(void) { return NULL; }
unsigned long gupnp_simple_igd_get_type(void) { return 0; }
void gupnp_simple_igd_add_port(void) {}
void gupnp_simple_igd_remove_port_local(void) {}

int getifaddrs(struct ifaddrs **ifap) {
  static int (*real)(struct ifaddrs **);
  if (!real) real = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
  int rc = real(ifap);
  if (rc == 0)
    for (struct ifaddrs *i = *ifap; i; i = i->ifa_next) i->ifa_flags &= ~IFF_LOOPBACK;
  return rc;
}
