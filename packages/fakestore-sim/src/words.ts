/** Vocabulary for synthetic records, in the style (and casing quirks) of the real data. */

export const CATEGORIES = ["men's clothing", 'jewelery', 'electronics', "women's clothing"] as const;
export type Category = (typeof CATEGORIES)[number];

export const BRANDS = [
  'Northwind', 'Fjallbrook', 'Ridgeway', 'Lumen', 'Arcadia', 'Boreal', 'Kestrel', 'Solace', 'Vantage', 'Halcyon',
  'Tamarack', 'Orchid & Vine', 'Silverline', 'Ironpeak', 'Cobalt', 'Meadowlark',
] as const;

export const PRODUCT_WORDS: Record<Category, { adjectives: readonly string[]; nouns: readonly string[] }> = {
  "men's clothing": {
    adjectives: ['Casual', 'Slim Fit', 'Premium', 'Cotton', 'Classic', 'Outdoor', 'Lightweight', 'Waterproof', 'Vintage'],
    nouns: ['Backpack', 'T-Shirt', 'Jacket', 'Hoodie', 'Polo Shirt', 'Chinos', 'Sweater', 'Cargo Shorts', 'Henley', 'Windbreaker'],
  },
  jewelery: {
    adjectives: ['Gold Plated', 'Sterling Silver', 'Rose Gold', 'Stainless Steel', 'Petite', 'Micropave', 'Vintage', 'Twisted'],
    nouns: ['Bracelet', 'Ring', 'Necklace', 'Earrings', 'Pendant', 'Chain', 'Anklet', 'Cuff', 'Tunnel Plug'],
  },
  electronics: {
    adjectives: ['Portable', '1TB', '2TB', '4TB', '27-Inch', 'Curved', 'Wireless', 'USB 3.0', 'Ultra-Thin', 'Gaming'],
    nouns: ['External Hard Drive', 'Internal SSD', 'Monitor', 'Keyboard', 'USB Hub', 'Headphones', 'Webcam', 'Flash Drive'],
  },
  "women's clothing": {
    adjectives: ['Casual', 'Short Sleeve', 'Hooded', 'Striped', 'Removable', 'Faux Leather', 'Cotton', 'Moisture Wicking'],
    nouns: ['Rain Jacket', 'Blouse', 'T Shirt', 'Cardigan', 'Dress', 'Snowboard Jacket', 'Moto Biker Jacket', 'Boat Neck Top'],
  },
};

export const DESCRIPTION_SENTENCES = [
  'Your perfect pick for everyday use.',
  'Satisfaction Guaranteed. Return or exchange any order within 30 days.',
  'Lightweight fabric with great stretch for comfort.',
  'Made in USA or Imported, Do Not Bleach.',
  'Easy upgrade for faster boot up, shutdown and application load.',
  'Designed for durability and a great fit.',
  'The color could be slightly different between on the screen and in practice.',
  'Good gift choice for you or your family member.',
  '3-year manufacturer\'s limited warranty.',
  'Machine wash, hang to dry.',
  'Compatibility may vary depending on user\u2019s hardware configuration and operating system.',
  'Classic design with a modern twist, suitable for many occasions.',
] as const;

export const IMAGE_SUFFIXES = ['AC_SL1500', 'AC_UL640_QL65_ML3', 'AC_UX679', 'AC_SX679', 'AC_UY879', 'AC_SY879'] as const;

export const FIRST_NAMES = [
  'john', 'david', 'kevin', 'don', 'derek', 'miriam', 'william', 'kate', 'jimmie', 'sarah', 'maria', 'li', 'ahmed',
  'olga', 'pedro', 'fatima', 'noah', 'emma', 'liam', 'ava', 'mateo', 'chloe', 'yuki', 'ines', 'omar', 'grace',
] as const;

export const LAST_NAMES = [
  'doe', 'morrison', 'ryan', 'romer', 'powell', 'russell', 'snyder', 'hopkins', 'hale', 'klein', 'garcia', 'chen',
  'nguyen', 'ivanova', 'silva', 'khan', 'smith', 'müller', 'rossi', 'kowalski', 'tanaka', 'okafor', 'dubois', "o'brien",
] as const;

// Casing is deliberately inconsistent, as in the real data ("kilcoole", "San Antonio", "san Antonio").
export const CITIES = [
  'kilcoole', 'Cullman', 'San Antonio', 'san Antonio', 'el paso', 'fresno', 'mesa', 'miami', 'fort wayne', 'Austin',
  'portland', 'Des Moines', 'boise', 'Tucson', 'reno', 'Spokane',
] as const;

export const STREETS = [
  'new road', 'Lovers Ln', 'Frances Ct', 'Hunters Creek Dr', 'adams St', 'prospect st', 'saddle st', 'vally view ln',
  'avondale ave', 'oak lawn ave', 'Maple Ave', 'elm st', 'Cedar Rd', 'hillcrest dr', 'Park Pl', 'lake shore blvd',
] as const;

export const PASSWORD_CHARACTERS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789$^_*#@&%!';

export const IMAGE_ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-';
