import { useEffect, useRef } from 'react';

interface Props {
  track: MediaStreamTrack | null;
  testId: string;
  /** Mirror our own camera, as people expect from a mirror. */
  mirror?: boolean;
  className?: string;
  /** The accessible name: whose video and what it shows ("Nguyễn Văn A — Bị cáo, camera"). */
  label: string;
}

/**
 * A <video> bound to one video track. Always muted: it only ever carries video (remote audio plays
 * through separate <audio> elements), and muted video may autoplay without a user gesture.
 */
export function TrackVideo({ track, testId, mirror = false, className, label }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = track ? new MediaStream([track]) : null;
    if (track) video.play().catch(() => {});
  }, [track]);
  return (
    <video
      ref={ref}
      data-testid={testId}
      aria-label={label}
      className={[className, mirror ? 'mirror' : '', track ? '' : 'no-track'].filter(Boolean).join(' ')}
      autoPlay
      playsInline
      muted
    />
  );
}
