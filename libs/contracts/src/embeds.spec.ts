import { EMBED_FRAME_ORIGINS, embedFrameUrl, findEmbedFigures, normalizeEmbeds, parseEmbedUrl } from './embeds';

const YT = 'dQw4w9WgXcQ';

describe('parseEmbedUrl', () => {
  it.each([
    // X / Twitter
    [
      'https://x.com/SecDef/status/1790000000000000001',
      'x',
      'post',
      '1790000000000000001',
      'https://x.com/SecDef/status/1790000000000000001',
    ],
    [
      'https://twitter.com/SecDef/status/1790000000000000001?s=20&t=abc',
      'x',
      'post',
      '1790000000000000001',
      'https://x.com/SecDef/status/1790000000000000001',
    ],
    [
      'https://mobile.twitter.com/jensstoltenberg/status/123456789/photo/1',
      'x',
      'post',
      '123456789',
      'https://x.com/jensstoltenberg/status/123456789',
    ],
    ['https://www.x.com/nato/status/42', 'x', 'post', '42', 'https://x.com/nato/status/42'],
    ['https://X.COM/nato/status/42#frag', 'x', 'post', '42', 'https://x.com/nato/status/42'],
    // YouTube
    [`https://www.youtube.com/watch?v=${YT}`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    [
      `https://youtube.com/watch?feature=share&v=${YT}&si=tracking&pp=ygU`,
      'youtube',
      'video',
      YT,
      `https://www.youtube.com/watch?v=${YT}`,
    ],
    [`https://m.youtube.com/watch?v=${YT}&t=42s`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    [`https://youtu.be/${YT}?si=abcDEF`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    [
      `https://www.youtube.com/shorts/${YT}?feature=share`,
      'youtube',
      'video',
      YT,
      `https://www.youtube.com/watch?v=${YT}`,
    ],
    [`https://www.youtube.com/embed/${YT}?start=3`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    [`https://www.youtube-nocookie.com/embed/${YT}`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    [`https://www.youtube.com/live/${YT}`, 'youtube', 'video', YT, `https://www.youtube.com/watch?v=${YT}`],
    // Telegram
    ['https://t.me/kyivcity/12345', 'telegram', 'post', 'kyivcity/12345', 'https://t.me/kyivcity/12345'],
    ['https://t.me/s/kyivcity/12345', 'telegram', 'post', 'kyivcity/12345', 'https://t.me/kyivcity/12345'],
    ['https://telegram.me/kyivcity/12345?single', 'telegram', 'post', 'kyivcity/12345', 'https://t.me/kyivcity/12345'],
    // Instagram
    [
      'https://www.instagram.com/p/C1a2B3c4D5e/',
      'instagram',
      'post',
      'C1a2B3c4D5e',
      'https://www.instagram.com/p/C1a2B3c4D5e/',
    ],
    [
      'https://instagram.com/p/C1a2B3c4D5e?igsh=MTc4&img_index=1',
      'instagram',
      'post',
      'C1a2B3c4D5e',
      'https://www.instagram.com/p/C1a2B3c4D5e/',
    ],
    [
      'https://www.instagram.com/reel/C9xYz_-AbCd/?utm_source=ig_web_copy_link',
      'instagram',
      'reel',
      'C9xYz_-AbCd',
      'https://www.instagram.com/reel/C9xYz_-AbCd/',
    ],
    [
      'https://www.instagram.com/reels/C9xYz_-AbCd/',
      'instagram',
      'reel',
      'C9xYz_-AbCd',
      'https://www.instagram.com/reel/C9xYz_-AbCd/',
    ],
    [
      'https://www.instagram.com/natoofficial/p/C1a2B3c4D5e/',
      'instagram',
      'post',
      'C1a2B3c4D5e',
      'https://www.instagram.com/p/C1a2B3c4D5e/',
    ],
    // TikTok
    [
      'https://www.tiktok.com/@scout2015/video/6718335390845095173',
      'tiktok',
      'video',
      '6718335390845095173',
      'https://www.tiktok.com/@scout2015/video/6718335390845095173',
    ],
    [
      'https://m.tiktok.com/@scout.2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc',
      'tiktok',
      'video',
      '6718335390845095173',
      'https://www.tiktok.com/@scout.2015/video/6718335390845095173',
    ],
    // Vimeo
    ['https://vimeo.com/76979871', 'vimeo', 'video', '76979871', 'https://vimeo.com/76979871'],
    ['https://vimeo.com/channels/staffpicks/76979871', 'vimeo', 'video', '76979871', 'https://vimeo.com/76979871'],
    [
      'https://player.vimeo.com/video/76979871?h=8a1b2c3d4e&badge=0',
      'vimeo',
      'video',
      '76979871/8a1b2c3d4e',
      'https://vimeo.com/76979871/8a1b2c3d4e',
    ],
    [
      'https://vimeo.com/76979871/8a1b2c3d4e',
      'vimeo',
      'video',
      '76979871/8a1b2c3d4e',
      'https://vimeo.com/76979871/8a1b2c3d4e',
    ],
    // Facebook
    [
      'https://www.facebook.com/nato/posts/1234567890123456',
      'facebook',
      'post',
      'nato/1234567890123456',
      'https://www.facebook.com/nato/posts/1234567890123456',
    ],
    [
      'https://m.facebook.com/nato/posts/pfbid02abcDEFghiJKLmno?mibextid=xyz',
      'facebook',
      'post',
      'nato/pfbid02abcDEFghiJKLmno',
      'https://www.facebook.com/nato/posts/pfbid02abcDEFghiJKLmno',
    ],
    [
      'https://www.facebook.com/permalink.php?story_fbid=1234&id=5678&__cft__=x',
      'facebook',
      'post',
      '5678/1234',
      'https://www.facebook.com/permalink.php?story_fbid=1234&id=5678',
    ],
    [
      'https://www.facebook.com/nato/videos/987654321/',
      'facebook',
      'video',
      '987654321',
      'https://www.facebook.com/nato/videos/987654321',
    ],
    [
      'https://www.facebook.com/watch/?v=987654321&ref=sharing',
      'facebook',
      'video',
      '987654321',
      'https://www.facebook.com/watch/?v=987654321',
    ],
    [
      'https://web.facebook.com/reel/987654321',
      'facebook',
      'video',
      '987654321',
      'https://www.facebook.com/reel/987654321',
    ],
  ])('%s → %s %s %s', (raw, provider, kind, id, url) => {
    expect(parseEmbedUrl(raw)).toEqual({ provider, kind, id, url });
  });

  it.each([
    [`https://youtube.com.evil.example/watch?v=${YT}`, 'lookalike suffix'],
    [`https://evilyoutube.com/watch?v=${YT}`, 'lookalike prefix'],
    [`https://www.youtube.com.evil.example/watch?v=${YT}`, 'lookalike with www'],
    ['https://x.com.evil.example/a/status/1', 'lookalike X'],
    ['https://t.me.evil.example/kyivcity/1', 'lookalike Telegram'],
    [`http://www.youtube.com/watch?v=${YT}`, 'plain http'],
    [`https://user:pw@www.youtube.com/watch?v=${YT}`, 'credentials'],
    [`https://www.youtube.com:8443/watch?v=${YT}`, 'odd port'],
    [`javascript:alert(1)//https://youtu.be/${YT}`, 'javascript'],
    ['https://www.youtube.com/watch?v=short', 'bad video id'],
    ['https://www.youtube.com/channel/UC123', 'a channel, not a video'],
    ['https://x.com/nato', 'a profile, not a post'],
    ['https://x.com/nato/status/notanumber', 'a non-numeric status'],
    ['https://t.me/c/1234567/89', 'a private Telegram chat'],
    ['https://t.me/kyivcity', 'a channel, not a post'],
    ['https://www.instagram.com/natoofficial/', 'a profile'],
    ['https://vm.tiktok.com/ZMabc123/', 'a TikTok short link (needs a redirect)'],
    ['https://www.tiktok.com/scout2015/video/6718335390845095173', 'TikTok without @'],
    ['https://vimeo.com/staffpicks', 'a Vimeo page'],
    ['https://www.facebook.com/nato', 'a Facebook page'],
    ['https://example.com/', 'another site'],
    ['not a url', 'no URL'],
    ['', 'empty'],
  ])('refuses %s (%s)', (raw) => {
    expect(parseEmbedUrl(raw)).toBeNull();
  });

  it("builds the platforms' own iframe endpoints, privacy-enhanced where they exist", () => {
    const frame = (u: string) => embedFrameUrl(parseEmbedUrl(u)!);
    expect(frame(`https://youtu.be/${YT}`)).toBe(`https://www.youtube-nocookie.com/embed/${YT}`);
    expect(frame('https://vimeo.com/76979871')).toBe('https://player.vimeo.com/video/76979871?dnt=1');
    expect(frame('https://x.com/nato/status/42')).toBe('https://platform.twitter.com/embed/Tweet.html?id=42&dnt=true');
    expect(frame('https://t.me/s/kyivcity/12345')).toBe('https://t.me/kyivcity/12345?embed=1');
    expect(frame('https://www.instagram.com/p/C1a2B3c4D5e/')).toBe('https://www.instagram.com/p/C1a2B3c4D5e/embed/');
    expect(frame('https://www.tiktok.com/@scout2015/video/6718335390845095173')).toBe(
      'https://www.tiktok.com/embed/v2/6718335390845095173',
    );
    expect(frame('https://www.facebook.com/nato/posts/1')).toBe(
      'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnato%2Fposts%2F1',
    );
    expect(frame('https://www.facebook.com/watch/?v=9')).toBe(
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D9',
    );
    const origins = new Set(EMBED_FRAME_ORIGINS);
    for (const u of [
      `https://youtu.be/${YT}`,
      'https://vimeo.com/1',
      'https://x.com/a/status/1',
      'https://t.me/abcd/1',
      'https://www.instagram.com/p/abcdef/',
      'https://www.tiktok.com/@a/video/1',
      'https://www.facebook.com/a/posts/1',
    ]) {
      expect(origins.has(new URL(frame(u)).origin)).toBe(true);
    }
  });
});

describe('embeds in a body', () => {
  it('rewrites each embed figure to the canonical URL with a server-made fallback link, dropping what was inside', () => {
    const html = `<p>a</p><figure data-embed="https://youtu.be/${YT}?si=x&amp;t=1"><img src="https://evil.example/x.png"><figcaption>x</figcaption></figure><p>b</p>`;
    const out = normalizeEmbeds(html);
    expect(out.unsupported).toEqual([]);
    expect(out.html).toBe(
      `<p>a</p><figure data-embed="https://www.youtube.com/watch?v=${YT}"><a href="https://www.youtube.com/watch?v=${YT}" rel="noopener noreferrer">YouTube: https://www.youtube.com/watch?v=${YT}</a></figure><p>b</p>`,
    );
    expect(normalizeEmbeds(out.html).html).toBe(out.html);
  });

  it('names every unsupported URL and leaves ordinary figures alone', () => {
    const html =
      '<figure><img src="https://a.example/x.png"></figure><figure data-embed="https://example.com/x"></figure><figure data-embed="javascript:alert(1)"></figure>';
    const out = normalizeEmbeds(html);
    expect(out.unsupported).toEqual(['https://example.com/x', 'javascript:alert(1)']);
    expect(out.html).toBe('<figure><img src="https://a.example/x.png"></figure>');
  });

  it('finds an embed inside an ordinary figure, and treats one nested in an embed as part of it', () => {
    const inner = `<figure data-embed="https://x.com/a/status/1"></figure>`;
    expect(findEmbedFigures(`<figure>${inner}</figure>`).map((f) => f.raw)).toEqual(['https://x.com/a/status/1']);
    expect(findEmbedFigures(`<figure data-embed="https://t.me/abcd/2">${inner}</figure>`).map((f) => f.raw)).toEqual([
      'https://t.me/abcd/2',
    ]);
  });
});
