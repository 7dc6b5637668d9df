import type { Random } from './prng.js';
import type { Product } from './types.js';
import { BRANDS, CATEGORIES, DESCRIPTION_SENTENCES, IMAGE_ID_CHARACTERS, IMAGE_SUFFIXES, PRODUCT_WORDS } from './words.js';

const randomString = (random: Random, alphabet: string, length: number): string => {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)] ?? '';
  return text;
};

/** About a quarter of real prices are integers (64, 109, 695); the rest end in .99, .95, .3 and the like. */
function price(random: Random): number {
  const whole = random.pick([random.int(5, 60), random.int(60, 200), random.int(200, 1000)]);
  if (random.chance(0.25)) return whole;
  const cents = random.pick([0.99, 0.95, 0.85, 0.5, 0.3, 0.49]);
  return Math.round((whole + cents) * 100) / 100;
}

function title(random: Random, category: (typeof CATEGORIES)[number]): string {
  const words = PRODUCT_WORDS[category];
  const text = `${random.pick(BRANDS)} ${random.pick(words.adjectives)} ${random.pick(words.nouns)}`;
  // Several real titles end with a stray space ("Mens Casual Premium Slim Fit T-Shirts ").
  return random.chance(0.15) ? `${text} ` : text;
}

function description(random: Random): string {
  const sentences: string[] = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) sentences.push(random.pick(DESCRIPTION_SENTENCES));
  return sentences.join(' ');
}

export function generateProduct(random: Random, id: number): Product {
  const category = random.pick(CATEGORIES);
  return {
    id,
    title: title(random, category),
    price: price(random),
    description: description(random),
    category,
    image: `https://fakestoreapi.com/img/${randomString(random, IMAGE_ID_CHARACTERS, 11)}._${random.pick(IMAGE_SUFFIXES)}_t.png`,
    // One decimal, so a whole rate (3, 4) comes out as an integer, as in the real data.
    rating: { rate: random.int(10, 50) / 10, count: random.int(0, 700) },
  };
}

export function generateProducts(random: Random, count: number): Product[] {
  return Array.from({ length: count }, (_, index) => generateProduct(random, index + 1));
}
