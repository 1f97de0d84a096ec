import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TimelineEvent,
} from '@liveline/contracts';

export const NEWSROOM_NAMESPACE = '/newsroom';

export type StoryChange =
  | { kind: 'public'; event: TimelineEvent }
  | { kind: 'entry'; entryId: string; version: number; status: string }
  | { kind: 'story' }
  /** We were disconnected and may have missed changes: refetch everything. */
  | { kind: 'resync' };

interface NewsroomServerEvents {
  'entry.changed': (p: { storyId: string; entryId: string; version: number; status: string }) => void;
  'story.changed': (p: { storyId: string }) => void;
}
interface NewsroomClientEvents {
  watch: (req: { story: string }, ack: (res: { ok: boolean }) => void) => void;
}

/**
 * Follows one story: public events on /live and newsroom-only changes (drafts, submissions,
 * schedules) on /newsroom. Returns a function that closes both connections.
 */
export function followStory(
  ref: string,
  token: string,
  onChange: (change: StoryChange) => void,
  onConnection: (connected: boolean) => void,
): () => void {
  const origin = window.location.origin;
  const live: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin + LIVE_NAMESPACE, { forceNew: true });
  const desk: Socket<NewsroomServerEvents, NewsroomClientEvents> = io(origin + NEWSROOM_NAMESPACE, {
    forceNew: true,
    auth: { token },
  });
  let everConnected = false;

  // Subscribing again on every (re)connect; after the first, whatever happened meanwhile is refetched.
  live.on('connect', () => {
    live.emit('subscribe', { story: ref }, () => undefined);
    if (everConnected) onChange({ kind: 'resync' });
    everConnected = true;
    onConnection(true);
  });
  live.on('disconnect', () => onConnection(false));
  live.on('event', (event) => onChange({ kind: 'public', event }));

  desk.on('connect', () => desk.emit('watch', { story: ref }, () => undefined));
  desk.on('entry.changed', (p) =>
    onChange({ kind: 'entry', entryId: p.entryId, version: p.version, status: p.status }),
  );
  desk.on('story.changed', () => onChange({ kind: 'story' }));

  return () => {
    live.disconnect();
    desk.disconnect();
  };
}

/** Story-level changes of every story (created, renamed, status), for the stories list. */
export function followAllStories(token: string, onChange: () => void): () => void {
  const desk: Socket<NewsroomServerEvents, NewsroomClientEvents> = io(window.location.origin + NEWSROOM_NAMESPACE, {
    forceNew: true,
    auth: { token },
  });
  desk.on('connect', () => desk.emit('watch', { story: '*' }, () => undefined));
  desk.on('story.changed', () => onChange());
  return () => desk.disconnect();
}
