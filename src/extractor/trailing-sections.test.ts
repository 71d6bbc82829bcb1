import { describe, it, expect } from 'vitest';
import { parseDocument, readText } from './dom.js';
import { cutTrailingSections } from './trailing-sections.js';

const PROSE = [
  'The council voted on Tuesday to move the market to the old rail yard, ending a dispute that had split the town for a decade and cost two mayors their jobs.',
  'Traders said the new site would bring more shoppers, and the city promised a shuttle bus from the station every fifteen minutes on market days.',
  'Opponents warned that the rail yard floods every spring and that the council had not budgeted for the drainage work the site would need first.',
  'The first market on the new site is planned for April, weather permitting, with sixty stalls and a covered hall for the fishmongers.',
  'A public meeting on the plans will be held next month at the town hall, where residents can see the drawings and ask the architects questions.',
].map((text) => `<p>${text}</p>`).join('');

function cut(bodyHtml: string): string[] {
  const document = parseDocument(`<!doctype html><html><body>${bodyHtml}</body></html>`);
  cutTrailingSections(document.body!);
  return Array.from(document.body!.children, (block) => readText(block)).filter((text) => text !== '');
}

const storyTexts = cut(PROSE);

function card(slug: string, kicker: string, headline: string, summary: string): string {
  return `<a href="https://news.example/2019/${slug}"><img src="https://news.example/img/${slug}.jpg" alt=""></a><p>${kicker}</p><h2><a href="https://news.example/2019/${slug}">${headline}</a></h2><p>${summary}</p>`;
}

const CARDS = [
  card('koala', 'A NATIONAL TRAGEDY', 'Watching This Koala Get Rescued Is Heart-Wrenching', 'Bushfires are spreading across Australia and putting koalas in harm’s way.'),
  card('babies', 'EATING GREEN', 'Can Babies Learn To Love Vegetables?', 'No diet has been more obsessively studied than baby food.'),
  card('remote', 'FAR OUT', 'The Most Remote Places In The World, Visualized', 'Driving through a sparsely populated area is not the middle of nowhere.'),
].join('');

describe('cutTrailingSections', () => {
  it('has a story of five paragraphs to protect', () => {
    expect(storyTexts).toHaveLength(5);
  });

  it('cuts cards for other stories after the story, with their section title', () => {
    expect(cut(`${PROSE}<h3>More stories</h3>${CARDS}`)).toEqual(storyTexts);
  });

  it('cuts cards whose pictures are their only links', () => {
    const pictureCards = ['atkins', 'buckwheat', 'cabbage'].map((slug) => `<p><a href="https://diets.example/${slug}.html"><img src="https://diets.example/${slug}.jpg" alt=""></a></p><p>A popular diet: up to 10 kg in 14 days.</p>`).join('');
    expect(cut(`${PROSE}<h2>Most popular diets</h2>${pictureCards}`)).toEqual(storyTexts);
  });

  it('keeps two cards: one or two links after a story are not a run of cards', () => {
    const two = [card('koala', 'TRAGEDY', 'Watching This Koala Get Rescued', 'Bushfires are spreading.'), card('babies', 'GREEN', 'Can Babies Learn To Love Vegetables?', 'Baby food.')].join('');
    expect(cut(`${PROSE}${two}`).length).toBeGreaterThan(storyTexts.length);
  });

  it('keeps a list article made of linked items: the items are the story', () => {
    const items = Array.from({ length: 8 }, (_, at) => `<h2><a href="https://shop.example/item-${at}">Gadget number ${at} of the year</a></h2><p>A small gadget that does one thing well, and costs less than a good lunch in town, says our reviewer.</p>`).join('');
    const kept = cut(`<p>Here are the gadgets we liked this year, picked by our reviewers after months of testing them at home.</p>${items}`);
    expect(kept).toHaveLength(17);
  });

  it('drops a labelled group of related links inside the story', () => {
    const related = '<h4>More:</h4><ul><li><h4><a href="https://news.example/a">Afghan politician sees talks as only hope</a></h4></li></ul><ul><li><h4><a href="https://news.example/b">China invites officials for talks</a></h4></li></ul>';
    const [first, ...rest] = PROSE.split('</p>');
    expect(cut(`${first}</p>${related}${rest.join('</p>')}`)).toEqual(storyTexts);
  });

  it('keeps a label that no link group follows', () => {
    expect(cut(`${PROSE}<p>More</p><p>The council will vote again in May.</p>`)).toContain('More');
  });

  it('cuts a press release company description and its About title', () => {
    const about = '<h3>About Ascom</h3><p>Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions.</p><p>Ascom is headquartered in Baar (Switzerland) and employs around 1,300 people.</p>';
    expect(cut(`${PROSE}${about}`)).toEqual(storyTexts);
  });

  it('cuts a writer biography and an About the Author section', () => {
    expect(cut(`${PROSE}<p>Dallas Robinson is a freelance writer living in Minneapolis</p>`)).toEqual(storyTexts);
    expect(cut(`${PROSE}<h3>About the Author</h3><p>Zac Hall</p><p>Zac covers Apple news and hosts a weekly podcast.</p>`)).toEqual(storyTexts);
  });

  it('keeps a last paragraph that describes, by pronoun, what the story is about', () => {
    const last = '<p>It is one of the largest providers of school meals in the region, and the strike will close its kitchens.</p>';
    expect(cut(`${PROSE}${last}`)).toHaveLength(storyTexts.length + 1);
  });

  it('keeps a company description that the story itself opens with', () => {
    const opening = '<p>Acme is a leading maker of anvils, and on Tuesday it said it would close its last factory in Ohio.</p>';
    expect(cut(`${opening}${PROSE}`)[0]).toContain('Acme is a leading maker');
  });

  it('drops a label and its links printed in one paragraph, a line each', () => {
    const related = `<p><strong>DON'T MISS</strong><br><a href="https://news.example/a">CDC names eight deadly diseases</a> [WARNING]<br><a href="https://news.example/b">Holidaymakers die after eating marmot</a> [INSIGHT]</p>`;
    const [first, ...rest] = PROSE.split('</p>');
    expect(cut(`${first}</p>${related}${rest.join('</p>')}`)).toEqual(storyTexts);
  });

  it('keeps a paragraph that starts with a label but is the story', () => {
    const story = `<p>More<br>The council said <a href="https://news.example/vote">the vote</a> would be held again in May, after the drainage survey.</p>`;
    expect(cut(`${PROSE}${story}`)).toHaveLength(storyTexts.length + 1);
  });

  it('cuts a biography under the writer name', () => {
    const bio = '<h4>Emiliano Bellini</h4><p>Emiliano joined pv magazine in March 2017. He has been reporting on solar and renewable energy since 2009.</p>';
    expect(cut(`${PROSE}${bio}`)).toEqual(storyTexts);
  });

  it('keeps a last paragraph about someone who joined a company', () => {
    const last = '<p>Maria Lopez</p><p>Lopez joined the council in 2015 and chairs its planning committee.</p>';
    expect(cut(`${PROSE}${last}`)).toHaveLength(storyTexts.length + 2);
  });

  it('drops a "More great stories" list whose items are partly linked', () => {
    const related = '<p>More Great WIRED Stories</p><ul><li>The strange life and <a href="https://news.example/a">mysterious death of a coder</a></li><li>How Facebook <a href="https://news.example/b">gets the First Amendment backward</a></li></ul>';
    expect(cut(`${PROSE}${related}`)).toEqual(storyTexts);
  });

  it('cuts an editor biography that gives an e-mail address', () => {
    const bio = '<p>Jeff Foust (jeff@spacereview.example) is the editor and publisher of The Space Review.</p><p>Home</p>';
    expect(cut(`${PROSE}${bio}`)).toEqual(storyTexts);
  });
});
