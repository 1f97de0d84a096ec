import { makeStory } from '../markup/factories';
import { buildOembed, storyRefFromUrl } from './oembed';

const origin = 'https://live.example';

describe('storyRefFromUrl', () => {
  it('reads the slug from a story page or embed URL of this service', () => {
    expect(storyRefFromUrl('https://live.example/stories/kyiv-live', origin)).toBe('kyiv-live');
    expect(storyRefFromUrl('https://live.example/embed/kyiv-live/?x=1#entry-1', origin)).toBe('kyiv-live');
  });

  it('refuses other hosts, other paths and garbage', () => {
    expect(storyRefFromUrl('https://evil.example/stories/kyiv-live', origin)).toBeNull();
    expect(storyRefFromUrl('https://live.example/api/stories/kyiv-live', origin)).toBeNull();
    expect(storyRefFromUrl('not a url', origin)).toBeNull();
  });
});

describe('buildOembed', () => {
  it('returns a rich embed of the iframe plus its resizing snippet', () => {
    const o = buildOembed(makeStory({ title: 'A "quoted" <title>' }), origin);
    expect(o).toMatchObject({
      version: '1.0',
      type: 'rich',
      provider_name: 'Liveline',
      provider_url: origin,
      width: 640,
      height: 800,
    });
    expect(o.html).toContain(
      '<iframe src="https://live.example/embed/kyiv-live" title="A &quot;quoted&quot; &lt;title&gt;"',
    );
    expect(o.html).toContain('<script async src="https://live.example/embed-host.js"></script>');
  });

  it('fits within maxwidth and maxheight', () => {
    const o = buildOembed(makeStory(), origin, { width: 500, height: 300 });
    expect([o.width, o.height]).toEqual([500, 300]);
    expect(buildOembed(makeStory(), origin, { width: NaN }).width).toBe(640);
  });
});
