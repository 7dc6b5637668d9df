import type { Random } from './prng.js';
import type { User } from './types.js';
import { CITIES, FIRST_NAMES, LAST_NAMES, PASSWORD_CHARACTERS, STREETS } from './words.js';

const digits = (random: Random, length: number): string => {
  let text = '';
  for (let i = 0; i < length; i++) text += String(random.int(0, 9));
  return text;
};

/** Real coordinates are strings with 4 to 6 decimals ("-37.3159", "30.24788", "-20.545419"). */
const coordinate = (random: Random, limit: number): string => (random.next() * 2 * limit - limit).toFixed(random.pick([4, 4, 4, 5, 6]));

function password(random: Random): string {
  let text = '';
  const length = random.int(6, 12);
  for (let i = 0; i < length; i++) text += PASSWORD_CHARACTERS[random.int(0, PASSWORD_CHARACTERS.length - 1)] ?? '';
  return text;
}

/** Usernames follow the real patterns ("johnd", "mor_2314", "kate_h"); the id keeps them unique. */
function username(random: Random, firstname: string, lastname: string, id: number): string {
  const base = random.pick([`${firstname}${lastname.charAt(0)}`, `${lastname.slice(0, 3)}_`, `${firstname}_${lastname.charAt(0)}`]);
  return `${base}${id}`.replace(/[^a-z0-9_]/g, '');
}

export function generateUser(random: Random, id: number): User {
  const firstname = random.pick(FIRST_NAMES);
  const lastname = random.pick(LAST_NAMES);
  const handle = username(random, firstname, lastname, id);
  return {
    address: {
      geolocation: { lat: coordinate(random, 80), long: coordinate(random, 170) },
      city: random.pick(CITIES),
      street: random.pick(STREETS),
      number: random.int(1, 9999),
      zipcode: `${digits(random, 5)}-${digits(random, 4)}`,
    },
    id,
    email: `${handle}@${random.pick(['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com'])}`,
    username: handle,
    // Plaintext, as the real API serves them.
    password: password(random),
    name: { firstname, lastname },
    phone: `1-${digits(random, 3)}-${digits(random, 3)}-${digits(random, 4)}`,
    __v: 0,
  };
}

export function generateUsers(random: Random, count: number): User[] {
  return Array.from({ length: count }, (_, index) => generateUser(random, index + 1));
}
