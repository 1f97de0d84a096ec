import { normalizeEmbeds } from '@liveline/contracts';
import { embedSharedContent, embedUrlsOf, renderBodyEmbeds } from './embed-card';
import { messagesFor } from './messages';

const YT = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const stored = (url: string) => normalizeEmbeds(`<figure data-embed="${url}"></figure>`).html;

describe('embed cards', () => {
  it('shows the provider, what the cache knows (escaped), a link and a button that names what loads and from where', () => {
    const body = `<p>a</p>${stored(YT)}`;
    const html = renderBodyEmbeds(body, {
      messages: messagesFor('en'),
      embeds: new Map([
        [YT, { provider: 'youtube', url: YT, kind: 'video', title: 'Briefing <live>', authorName: 'NATO' }],
      ]),
    });
    expect(html).toContain(`<figure class="ll-shared" data-embed="${YT}" data-provider="youtube" data-kind="video">`);
    expect(html).toContain('<span class="ll-shared-provider">YouTube video</span>');
    expect(html).toContain('<bdi>Briefing &lt;live&gt;</bdi>');
    expect(html).toContain('By <bdi>NATO</bdi>');
    expect(html).toContain('>Load the video from YouTube: this loads content from youtube-nocookie.com</button>');
    expect(html).toContain(
      `<a class="ll-shared-link" href="${YT}" target="_blank" rel="noopener noreferrer">Open on YouTube</a>`,
    );
    // Nothing on the card points at the platform but the link: no frame, no image, no script.
    expect(html).not.toMatch(/<iframe|<img|<script|youtube-nocookie\.com\//);
    expect(html.startsWith('<p>a</p><figure')).toBe(true);
  });

  it('speaks Arabic on Arabic stories', () => {
    const html = renderBodyEmbeds(stored('https://t.me/kyivcity/12345'), { messages: messagesFor('ar') });
    expect(html).toContain('منشور على Telegram');
    expect(html).toContain('حمّل المنشور من Telegram: يحمّل هذا محتوى من t.me');
  });

  it('lists the embeds for the preview cache and for JSON-LD sharedContent', () => {
    const body = stored(YT) + stored('https://x.com/nato/status/42') + stored(YT);
    expect(embedUrlsOf([body])).toEqual([YT, 'https://x.com/nato/status/42']);
    expect(embedSharedContent(body)).toEqual({
      sharedContent: [
        { '@type': 'VideoObject', url: YT },
        { '@type': 'SocialMediaPosting', url: 'https://x.com/nato/status/42' },
        { '@type': 'VideoObject', url: YT },
      ],
    });
    expect(embedSharedContent('<p>x</p>')).toEqual({});
  });
});
