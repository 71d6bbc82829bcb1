#!/usr/bin/env node
// Writes the legacy-encoding golden pages of test/fixtures/encodings/: real bytes in
// windows-1252, ISO-8859-1 (as served in practice: windows-1252 bytes, WHATWG reads the label
// so), Shift_JIS and GB2312, each declaring its charset only in <meta>. The generated files are
// committed; run this again after editing a page here: node scripts/make-encoding-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const dir = fileURLToPath(new URL('../test/fixtures/encodings/', import.meta.url));

const page = ({ lang, charsetTag, title, site, paragraphs }) => `<!DOCTYPE html>
<html lang="${lang}">
<head>
${charsetTag}
<title>${title} | ${site}</title>
<meta property="og:site_name" content="${site}">
<meta property="og:type" content="article">
</head>
<body>
<header><nav><a href="/">${site}</a></nav></header>
<article>
<h1>${title}</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
</article>
</body>
</html>
`;

const cases = [
  {
    name: 'windows-1252',
    encoding: 'windows-1252',
    html: page({
      lang: 'en',
      charsetTag: '<meta charset="windows-1252">',
      site: 'Harbour Gazette',
      title: 'Café owners’ rent rises to €2,400 a month',
      paragraphs: [
        'Owners of the seafront café say their rent has risen to €2,400 a month, nearly double what they paid before the harbour was rebuilt.',
        '“We can’t keep the doors open at that price,” said Zoë Martín, who has run the café with her brother for eleven years.',
        'The council’s property office said the new rents reflect the value of the renovated quays — and that tenants were warned in advance.',
        'A meeting between tenants and the council is planned for next week, where a phased increase will be discussed.',
      ],
    }),
  },
  {
    name: 'iso-8859-1',
    encoding: 'windows-1252',
    html: page({
      lang: 'fr',
      charsetTag: '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
      site: 'Le Courrier du Port',
      title: 'Les pêcheurs de l’estuaire réclament des quotas plus élevés',
      paragraphs: [
        'Les pêcheurs de l’estuaire ont manifesté mercredi devant la préfecture pour réclamer des quotas plus élevés cette année.',
        '« Nous ne pouvons plus vivre de notre métier », a déclaré Hélène Lefèvre, présidente de la coopérative, devant une centaine de manifestants.',
        'Selon la préfecture, les quotas ont été fixés après une étude scientifique menée l’été dernier sur l’état des stocks de poissons.',
        'Une nouvelle réunion entre les représentants des pêcheurs et l’État est prévue à la fin du mois à Nantes.',
      ],
    }),
  },
  {
    name: 'shift-jis',
    encoding: 'shift_jis',
    html: page({
      lang: 'ja',
      charsetTag: '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
      site: '港町新聞',
      title: '新しい防波堤が完成、台風シーズンに備える',
      paragraphs: [
        '港町で建設が進められていた新しい防波堤が完成し、十五日に完成式が行われました。工事には約三年がかかりました。',
        '市長は式典で「台風の季節を前に、住民の安全を守る大きな一歩になる」と述べ、関係者に感謝の言葉を伝えました。',
        '防波堤の長さは約八百メートルで、これまでより高い波にも耐えられるように設計されています。',
        '漁業関係者からは、港内の波が穏やかになり、船の出入りが安全になるとの期待の声が上がっています。',
      ],
    }),
  },
  {
    name: 'gb2312',
    encoding: 'gb2312',
    html: page({
      lang: 'zh',
      charsetTag: '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
      site: '海港日报',
      title: '新港口码头正式启用，货运能力提高一倍',
      paragraphs: [
        '经过两年多的建设，新港口码头于本周一正式启用，当地政府和多家航运公司的代表出席了启用仪式。',
        '据港口管理局介绍，新码头建成后，港口的年货运能力将提高一倍，可以同时停靠四艘大型货船。',
        '当地居民表示，新码头将带来更多就业机会，但也有人担心交通压力会随之增加。',
        '管理局表示，将在明年修建一条连接码头和高速公路的新道路，以减少市区的交通拥堵。',
      ],
    }),
  },
];

mkdirSync(dir, { recursive: true });
for (const { name, encoding, html } of cases) {
  const bytes = iconv.encode(html, encoding);
  // Every character must survive the round trip, or the page would test the encoder, not relais.
  if (iconv.decode(bytes, encoding) !== html) throw new Error(`${name}: text not representable in ${encoding}`);
  writeFileSync(`${dir}${name}.html`, bytes);
  console.log(`${name}.html: ${bytes.length} bytes in ${encoding}`);
}
