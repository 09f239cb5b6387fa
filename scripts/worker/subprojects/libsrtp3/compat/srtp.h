/*
 * libsrtp 3 API on top of libsrtp 2 (Debian's libsrtp2-dev).
 *
 * mediasoup's worker is written against its libsrtp 3 fork. The differences
 * that matter for the worker (see worker/src/RTC/SrtpSession.cpp,
 * worker/include/RTC/SrtpSession.hpp and worker/src/DepLibSRTP.cpp) are:
 *
 *  - srtp_protect / srtp_unprotect / srtp_protect_rtcp / srtp_unprotect_rtcp
 *    take (in, size_t in_len, out, size_t* out_len) where *out_len holds the
 *    capacity of `out` on input and the result length on output; protect calls
 *    also take an MKI index. libsrtp 2 works in place on one buffer with an
 *    `int*` length, so we copy in -> out (when they differ) and run in place.
 *  - srtp_stream_remove() is libsrtp 2's srtp_remove_stream().
 *  - Two error codes exist only in libsrtp 3.
 *
 * The worker never configures MKIs, so the MKI index is ignored (libsrtp 3
 * ignores it too for sessions without MKI).
 */
#ifndef VCOURT_SRTP3_COMPAT_H
#define VCOURT_SRTP3_COMPAT_H

#include <srtp2/srtp.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Error codes added in libsrtp 3 (same numeric values as upstream). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

/*
 * Checks that `out` (capacity `out_cap`) can hold `in_len` plus `grow` bytes,
 * copies the packet into it if needed and yields the libsrtp 2 int length.
 */
static inline srtp_err_status_t vcourt_srtp3_prepare(
  const uint8_t* in, size_t in_len, uint8_t* out, size_t out_cap, size_t grow, int* len)
{
	if (in_len > (size_t)INT_MAX - grow)
		return srtp_err_status_bad_param;
	if (out_cap < in_len + grow)
		return srtp_err_status_buffer_small;
	if (in != out)
		memmove(out, in, in_len);
	*len = (int)in_len;
	return srtp_err_status_ok;
}

static inline srtp_err_status_t vcourt_srtp3_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtp_len, uint8_t* srtp, size_t* srtp_len, size_t mki_index)
{
	int len;
	srtp_err_status_t err;
	(void)mki_index;
	/* libsrtp 2 may append up to SRTP_MAX_TRAILER_LEN bytes. */
	err = vcourt_srtp3_prepare(rtp, rtp_len, srtp, *srtp_len, SRTP_MAX_TRAILER_LEN, &len);
	if (err != srtp_err_status_ok)
		return err;
	err = srtp_protect(ctx, srtp, &len);
	if (err == srtp_err_status_ok)
		*srtp_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t vcourt_srtp3_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtp_len, uint8_t* rtp, size_t* rtp_len)
{
	int len;
	srtp_err_status_t err;
	/* Decrypting only shrinks the packet. */
	err = vcourt_srtp3_prepare(srtp, srtp_len, rtp, *rtp_len, 0, &len);
	if (err != srtp_err_status_ok)
		return err;
	err = srtp_unprotect(ctx, rtp, &len);
	if (err == srtp_err_status_ok)
		*rtp_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t vcourt_srtp3_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcp_len, uint8_t* srtcp, size_t* srtcp_len, size_t mki_index)
{
	int len;
	srtp_err_status_t err;
	(void)mki_index;
	/* libsrtp 2 may append SRTP_MAX_TRAILER_LEN + 4 (SRTCP index) bytes. */
	err = vcourt_srtp3_prepare(rtcp, rtcp_len, srtcp, *srtcp_len, SRTP_MAX_TRAILER_LEN + 4, &len);
	if (err != srtp_err_status_ok)
		return err;
	err = srtp_protect_rtcp(ctx, srtcp, &len);
	if (err == srtp_err_status_ok)
		*srtcp_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t vcourt_srtp3_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcp_len, uint8_t* rtcp, size_t* rtcp_len)
{
	int len;
	srtp_err_status_t err;
	err = vcourt_srtp3_prepare(srtcp, srtcp_len, rtcp, *rtcp_len, 0, &len);
	if (err != srtp_err_status_ok)
		return err;
	err = srtp_unprotect_rtcp(ctx, rtcp, &len);
	if (err == srtp_err_status_ok)
		*rtcp_len = (size_t)len;
	return err;
}

/*
 * Redirect the libsrtp 3 names to the wrappers. Defined after the wrappers so
 * that the calls above still reach the real libsrtp 2 functions.
 */
#define srtp_protect vcourt_srtp3_protect
#define srtp_unprotect vcourt_srtp3_unprotect
#define srtp_protect_rtcp vcourt_srtp3_protect_rtcp
#define srtp_unprotect_rtcp vcourt_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream

#endif /* VCOURT_SRTP3_COMPAT_H */
