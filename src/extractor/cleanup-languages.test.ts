import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article.js';

// The page furniture that English rules remove, in French, Spanish and German: each kind is
// removed, and the story's own paragraphs, which use some of the same words, are kept.

interface Case {
  language: string;
  story: string[];
  furniture: Record<string, string>;
}

const cases: Case[] = [
  {
    language: 'fr',
    story: [
      'Le conseil municipal a approuvé mardi un projet de reconstruction du vieux pont sur la rivière, fermé à la circulation depuis les crues du printemps dernier.',
      'Les travaux doivent commencer en mars et durer deux ans, a indiqué le maire, qui a promis de lire aussi attentivement les avis des riverains publiés par la presse locale.',
      'Un bac transportera cyclistes et piétons pendant le chantier, dont le coût est estimé à douze millions d’euros, financés pour moitié par la région.',
    ],
    furniture: {
      byline: '<p>Par Jean Dupont</p>',
      dateline: '<p>Publié le 12 mars 2024 à 10h30</p>',
      caption: '<figure><img src="/pont.jpg" alt=""><figcaption>Le vieux pont, fermé depuis avril. Photo : AFP</figcaption></figure>',
      teaser: '<p>Lire aussi : <a href="/autre-article">Les crues du printemps en images</a></p>',
      advert: '<p>Publicité</p>',
      newsletter: '<p>Inscrivez-vous à notre newsletter pour recevoir l’essentiel de l’actualité chaque matin.</p>',
      app: '<p>Téléchargez notre application pour suivre l’actualité en direct.</p>',
    },
  },
  {
    language: 'es',
    story: [
      'El ayuntamiento aprobó el martes un plan para reconstruir el viejo puente sobre el río, cerrado al tráfico desde las inundaciones de la primavera pasada.',
      'Las obras empezarán en marzo y durarán dos años, según el alcalde, que prometió leer también con atención las quejas de los vecinos publicadas por la prensa.',
      'Un transbordador llevará a ciclistas y peatones durante las obras, cuyo coste se estima en doce millones de euros, pagados a medias por la región.',
    ],
    furniture: {
      byline: '<p>Por María García</p>',
      dateline: '<p>Actualizado el 12 de marzo de 2024, 10:30</p>',
      caption: '<figure><img src="/puente.jpg" alt=""><figcaption>El viejo puente, cerrado desde abril. Foto: EFE</figcaption></figure>',
      teaser: '<p>Lea también: <a href="/otro-articulo">Las inundaciones de la primavera en imágenes</a></p>',
      advert: '<p>Publicidad</p>',
      newsletter: '<p>Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes.</p>',
      app: '<p>Descarga nuestra app para seguir la actualidad en directo.</p>',
    },
  },
  {
    language: 'de',
    story: [
      'Der Stadtrat hat am Dienstag einen Plan zum Wiederaufbau der alten Brücke über den Fluss gebilligt, die seit dem Hochwasser im vergangenen Frühjahr gesperrt ist.',
      'Die Arbeiten sollen im März beginnen und zwei Jahre dauern, sagte der Bürgermeister, der versprach, die Einwände der Anwohner zu lesen, die auch in der Zeitung standen.',
      'Eine Fähre bringt Radfahrer und Fußgänger während der Bauzeit über den Fluss; die Kosten werden auf zwölf Millionen Euro geschätzt, die Hälfte zahlt das Land.',
    ],
    furniture: {
      byline: '<p>Von Hans Müller</p>',
      dateline: '<p>Veröffentlicht am 12. März 2024, 10:30 Uhr</p>',
      caption: '<figure><img src="/bruecke.jpg" alt=""><figcaption>Die alte Brücke ist seit April gesperrt. Foto: dpa</figcaption></figure>',
      teaser: '<p>Lesen Sie auch: <a href="/anderer-artikel">Das Hochwasser im Frühjahr in Bildern</a></p>',
      advert: '<p>Anzeige</p>',
      newsletter: '<p>Abonnieren Sie unseren Newsletter und erhalten Sie jeden Morgen die wichtigsten Nachrichten.</p>',
      app: '<p>Laden Sie unsere App herunter, um die Nachrichten live zu verfolgen.</p>',
    },
  },
];

function pageOf({ language, story, furniture }: Case): string {
  const [first, second, third] = story.map((text) => `<p>${text}</p>`);
  const f = furniture;
  const body = [f.byline, f.dateline, f.caption, first, f.teaser, second, f.advert, third, f.newsletter, f.app].join('');
  return `<!doctype html><html lang="${language}"><head><title>Titre</title></head><body><article><h1>Titre</h1>${body}</article></body></html>`;
}

function textOf(page: Case): string {
  const outcome = extractArticle(pageOf(page), { url: 'https://news.example/a/story.html', rules: { dropSelectors: [], dropPatterns: [], minWords: 20 } });
  if (outcome.kind !== 'article') throw new Error(`not an article: ${outcome.reason}`);
  return outcome.article.text;
}

describe.each(cases)('furniture in $language', (page) => {
  const text = textOf(page);

  it('keeps every paragraph of the story', () => {
    expect(text.split('\n')).toEqual(page.story);
  });

  it.each(Object.keys(page.furniture))('removes the %s', (kind) => {
    const shown = page.furniture[kind]!.replace(/<[^>]+>/gu, '').trim();
    expect(text).not.toContain(shown.slice(0, 20));
  });
});
