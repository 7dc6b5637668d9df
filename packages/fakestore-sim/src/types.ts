/**
 * Record shapes exactly as the real Fake Store API serves them, quirks included:
 * prices and rates are plain numbers (often integers), geolocation is a pair of strings,
 * users and carts carry Mongo's `__v`, and cart dates are full ISO timestamps at midnight UTC.
 * Field order matters (responses are byte-compared), so object literals building these
 * types must list their keys in the order declared here.
 */

export interface Product {
  id: number;
  title: string;
  price: number;
  description: string;
  category: string;
  image: string;
  rating: { rate: number; count: number };
}

export interface User {
  address: {
    geolocation: { lat: string; long: string };
    city: string;
    street: string;
    number: number;
    zipcode: string;
  };
  id: number;
  email: string;
  username: string;
  password: string;
  name: { firstname: string; lastname: string };
  phone: string;
  __v: number;
}

export interface CartLine {
  productId: number;
  quantity: number;
}

export interface Cart {
  id: number;
  userId: number;
  date: string;
  products: CartLine[];
  __v: number;
}

/** The three collections the API serves. */
export type Entity = 'products' | 'users' | 'carts';

export type SortOrder = 'asc' | 'desc';
