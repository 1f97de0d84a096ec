// Entry bodies of a realistic size and mix of markup (about 700 bytes of HTML), varied by index.
const places = ['the capital', 'the northern border', 'the port city', 'the parliament', 'the airport', 'the ministry'];
const sources = [
  'a government spokesperson',
  'two officials who spoke on condition of anonymity',
  'the city council',
  'local reporters',
  'the defence ministry',
  'witnesses',
];

export function entryBody(i) {
  const place = places[i % places.length];
  const source = sources[(i * 5) % sources.length];
  return [
    `<p>Officials in ${place} confirmed on ${['Monday', 'Tuesday', 'Wednesday'][i % 3]} that the situation was developing quickly, according to <strong>${source}</strong>. Emergency services said they were monitoring events closely and urged residents to follow official guidance.</p>`,
    `<p>"We are working around the clock," one official told reporters, adding that further updates would follow within hours. The statement came after a night of meetings that ended without agreement on the next steps (update ${i}).</p>`,
    `<blockquote><p>Our priority remains the safety of everyone affected.</p></blockquote>`,
    `<p>Read the <a href="https://example.org/briefing/${i}">full briefing</a> and our <em>earlier coverage</em>.</p>`,
  ].join('');
}
