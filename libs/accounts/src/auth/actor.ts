import type { Role } from '@liveline/contracts';

/** The authenticated user a request acts as. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
}
