import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** GET /api/v1/session (src/web/api/session-api.ts sessionInfoSchema). */
export interface SessionInfo {
  username: string;
  role: 'admin' | 'user';
  via: 'session' | 'basic';
  csrfToken?: string;
  expiresInSeconds?: number;
  idleTimeoutSeconds?: number;
  model: string;
  version: string;
  defaultPasswords: { admin?: boolean; user?: boolean };
  pendingReboot?: string[];
}

export interface SessionState {
  info: SessionInfo;
  /** Fetch /session again (after a save: pending reboot list, password warnings). */
  refresh(): Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the app');
  return s;
}
