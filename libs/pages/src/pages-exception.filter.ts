import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { toErrorBody } from '@liveline/core';
import type { Request, Response } from 'express';
import { escapeHtml as esc } from './markup/html';

// What a person sees for an unknown or unpublished story, a bad link or a bug: a small page in
// both of the service's first languages, with the status a crawler needs.
const COPY: Record<number, { en: string; ar: string }> = {
  400: { en: 'This link is not valid.', ar: 'هذا الرابط غير صالح.' },
  404: {
    en: 'There is no public story here. It may not be published yet, or the link is wrong.',
    ar: 'لا توجد قصة منشورة هنا. ربما لم تُنشر بعد، أو أن الرابط غير صحيح.',
  },
  500: {
    en: 'Something went wrong on our side. Please try again in a moment.',
    ar: 'حدث خطأ من جهتنا. يُرجى المحاولة بعد قليل.',
  },
};

export function renderErrorDocument(status: number): string {
  const copy = COPY[status] ?? COPY[status >= 500 ? 500 : 400];
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="robots" content="noindex">\n<title>${status} · Liveline</title>\n<link rel="stylesheet" href="/reader.css">\n</head>\n` +
    `<body class="ll-root ll-page" data-theme="auto">\n<main class="ll-story">\n<p class="ll-status"><span class="ll-status-badge">${status}</span></p>\n` +
    `<h1 class="ll-title">${esc(copy.en)}</h1>\n<p class="ll-summary" lang="ar" dir="rtl">${esc(copy.ar)}</p>\n</main>\n</body>\n</html>\n`
  );
}

@Catch()
export class PagesExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const { statusCode } = toErrorBody(exception);
    // 501 answers a request for something not offered (oEmbed XML): no failure to log.
    if (statusCode >= 500 && statusCode !== 501)
      this.logger.error(
        `${req.method} ${req.originalUrl}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    if (res.headersSent) return;
    res
      .status(statusCode)
      .setHeader('Content-Type', 'text/html; charset=utf-8')
      // Briefly: a story published a moment later must not stay a cached 404.
      .setHeader('Cache-Control', statusCode === 404 ? 'public, max-age=5' : 'no-store')
      .end(req.method === 'HEAD' ? undefined : renderErrorDocument(statusCode));
  }
}
