import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A knowledge folder of the shipped one plus `n` synthetic documents made
 * from the shipped sources with names and figures changed (one document per
 * source per copy), for measuring cost at scale. Deterministic: the same `n`
 * gives the same corpus.
 */
const PLACES = ['Chile', 'Peru', 'Kenya', 'Norway', 'Brazil', 'India', 'Vietnam', 'Ghana', 'Canada', 'Poland', 'Morocco', 'Indonesia', 'Zambia', 'Colombia', 'Turkey', 'Egypt'];
const BODIES = ['Ministry of Mines', 'Trade Office', 'Development Bank', 'Resources Council', 'Energy Agency', 'Treasury', 'Investment Board'];
const PROJECTS = ['Keystone', 'Granite', 'Harbor', 'Summit', 'Meridian', 'Compass', 'Anchor', 'Lattice', 'Beacon', 'Quarry'];
const MINERALS = ['cobalt', 'graphite', 'nickel', 'manganese', 'tungsten', 'gallium', 'germanium', 'vanadium', 'antimony', 'tin'];

export async function syntheticKnowledge(root: string, target: string, n: number): Promise<{ dir: string; paragraphs: number }> {
  await mkdir(path.join(target, 'seeds'), { recursive: true });
  await cp(path.join(root, 'curated'), path.join(target, 'curated'), { recursive: true });
  const seeds = path.join(root, 'seeds');
  const metas = (await readdir(seeds)).filter((f) => f.endsWith('.meta.json'));
  let paragraphs = 0;
  for (const metaFile of metas) {
    await cp(path.join(seeds, metaFile), path.join(target, 'seeds', metaFile));
    const meta = JSON.parse(await readFile(path.join(seeds, metaFile), 'utf8')) as { file: string; title: string; published: string };
    await cp(path.join(seeds, meta.file), path.join(target, 'seeds', meta.file));
    const text = await readFile(path.join(seeds, meta.file), 'utf8');
    paragraphs += text.split(/\n\s*\n/).length;
    for (let i = 0; i < n; i++) {
      const pick = <T>(list: readonly T[], salt: number) => list[(i * 7 + salt) % list.length]!;
      const variant = text
        .replace(/Mexico|Mexican/g, pick(PLACES, 1))
        .replace(/Japan(?:ese)?/g, pick(PLACES, 3))
        .replace(/Argentin(?:e|a)/g, pick(PLACES, 5))
        .replace(/Secretariat of Economy|Foreign Ministry/g, pick(BODIES, 2))
        .replace(/Project Vault/g, `Project ${pick(PROJECTS, 4)} ${i}`)
        .replace(/rare earth/g, pick(MINERALS, 6))
        .replace(/\b(\d+)(?=\s*(?:percent|days|months|countries|billion))/g, (m) => String((Number(m) * (i + 3)) % 97 + 2));
      const file = `synthetic-${String(i).padStart(4, '0')}-${meta.file}`;
      await writeFile(path.join(target, 'seeds', file), variant);
      await writeFile(
        path.join(target, 'seeds', file.replace(/\.txt$/, '.meta.json')),
        JSON.stringify({ id: `synthetic-${i}-${metas.indexOf(metaFile)}`, file, title: `${meta.title} (synthetic ${i})`, publisher: 'Synthetic Wire', published: meta.published }),
      );
      paragraphs += variant.split(/\n\s*\n/).length;
    }
  }
  return { dir: target, paragraphs };
}
