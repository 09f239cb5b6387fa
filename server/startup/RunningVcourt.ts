// What startVcourt() (server/main.ts) hands back: the started server's parts, for `npm start`'s
// banner, the tests and the benchmarks. Its own file so that the startup modules can name it
// without importing main.ts.
import type { CameraIngests } from '../../ingest/CameraIngests.js';
import type { WhipSessions } from '../../ingest/whip/WhipSessions.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRooms } from '../../media/MediaRooms.js';
import type { WorkerPool } from '../../media/WorkerPool.js';
import type { CourtKey } from '../../recordings/CourtKey.js';
import type { RecordArchive } from '../../recordings/archive/RecordArchive.js';
import type { Recorder } from '../../recordings/Recorder.js';
import type { Access } from '../auth/Access.js';
import type { ClusterNode } from '../cluster/ClusterNode.js';
import type { Config } from '../config.js';
import type { DemoLink } from '../demo.js';
import type { LoginStats } from '../http/LoginThrottle.js';
import type { GateStats } from '../signaling/SignalingGate.js';
import type { SqlStore } from '../store/SqlStore.js';
import type { CoturnProcess } from '../turn/CoturnProcess.js';

export interface RunningVcourt {
  config: Config;
  url: string;
  port: number;
  /** The SQL store over SQLite (default) or PostgreSQL (VCOURT_DATABASE_URL); `store.db` is the database. */
  store: SqlStore;
  access: Access;
  caseFile: CaseFile;
  service: HearingService;
  /** Courtroom hardware registered at sites, and their attachments to hearings. */
  devices: DeviceRegistry;
  /** Courtroom IP cameras pulled over RTSP into their hearings. */
  cameras: CameraIngests;
  /** Hearing records: build after adjournment, clerk archive, verification, retention. */
  archive: RecordArchive;
  courtKey: CourtKey;
  /** Live capture of every hearing in session (segments, gaps, timeline). */
  recorder: Recorder;
  pool: WorkerPool;
  media: MediaRooms;
  /** WHIP ingest sessions of hardware encoders (POST /api/whip). */
  whip: WhipSessions;
  demoLinks: DemoLink[];
  /** Set when this start created the first admin account with a generated password (not in production). */
  generatedAdminPassword?: string;
  /** Production: where this start wrote the first admin account's generated password (0600). */
  adminPasswordFile?: string;
  /** What the rate limits (server/limits.ts) refused so far: socket requests and connections, sign-ins. */
  rateLimits: { signaling: GateStats; logins: LoginStats };
  /** The embedded coturn (VCOURT_TURN=embedded); undefined otherwise. */
  coturn: CoturnProcess | undefined;
  /** This node among several sharing Redis (VCOURT_REDIS_URL); undefined on one machine. */
  cluster: ClusterNode | undefined;
  close(): Promise<void>;
}
