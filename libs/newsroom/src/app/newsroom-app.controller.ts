import { Controller, Get, Header, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webAssetsDir } from '@liveline/core';
import { pickLanguage, renderShell } from './newsroom-shell';

// The two files scripts/build-web.mjs writes for the newsroom; nothing else is served from here.
const ASSETS: Record<string, string> = { 'newsroom.js': 'newsroom.js', 'newsroom.css': 'newsroom.css' };

// Only what this controller needs from Express's response, so the lib needs no Express types.
interface FileResponse {
  sendFile(path: string, options: { headers: Record<string, string> }, done: (err?: Error) => void): void;
  headersSent: boolean;
}

function findWebDir(): string | null {
  const dir = webAssetsDir('newsroom.js');
  return existsSync(join(dir, 'newsroom.js')) ? dir : null;
}

@ApiExcludeController()
@Controller('newsroom')
export class NewsroomAppController {
  private webDir: string | null = null;

  // Declared before the catch-all route so that asset paths are not answered with the shell.
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: FileResponse): Promise<void> {
    // Own keys only: `constructor` or `__proto__` must be a 404, not a prototype lookup.
    const name = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    this.webDir ??= findWebDir();
    if (!name || !this.webDir) throw new NotFoundException(`No newsroom asset ${file}`);
    const path = join(this.webDir, name);
    return new Promise((resolve, reject) =>
      // no-cache still allows a 304 by ETag, and a rebuilt bundle is picked up at once.
      res.sendFile(path, { headers: { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' } }, (err) => {
        if (!err || res.headersSent) return resolve();
        reject(new NotFoundException(`No newsroom asset ${file}`));
      }),
    );
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Vary', 'Cookie, Accept-Language')
  shell(@Headers('cookie') cookie?: string, @Headers('accept-language') acceptLanguage?: string): string {
    return renderShell(pickLanguage(cookie, acceptLanguage));
  }

  // Client-side routes (/newsroom/stories/…, /newsroom/login) get the same shell.
  @Get('*path')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Vary', 'Cookie, Accept-Language')
  route(@Headers('cookie') cookie?: string, @Headers('accept-language') acceptLanguage?: string): string {
    return renderShell(pickLanguage(cookie, acceptLanguage));
  }
}
