import { Injectable } from '@nestjs/common';

export const roomOf = (storyId: string) => `story:${storyId}`;

interface Rooms {
  rooms: Map<string, Set<string>>;
}

/**
 * Who follows which story in this process: the socket.io rooms of the /live namespace, which
 * the gateway attaches once it exists. StoryFeeds asks it before evicting a feed; it depends
 * on nothing, so neither the feeds nor the gateway reach back into each other.
 */
@Injectable()
export class Readership {
  private adapter?: Rooms;

  attach(adapter: Rooms): void {
    this.adapter = adapter;
  }

  readers(storyId: string): number {
    return this.adapter?.rooms.get(roomOf(storyId))?.size ?? 0;
  }

  /** Rooms of this process with their reader counts. */
  roomSizes(): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const [room, sockets] of this.adapter?.rooms ?? []) {
      if (room.startsWith('story:')) sizes.set(room.slice(6), sockets.size);
    }
    return sizes;
  }
}
