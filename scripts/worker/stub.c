/*
 * Placeholder translation unit. The fake subprojects (see README.md) must
 * export the `*_lib` static libraries that mediasoup's meson.build passes to
 * `link_whole`; the real code comes from the system shared library instead.
 */
int vcourt_mediasoup_worker_stub_unused;
