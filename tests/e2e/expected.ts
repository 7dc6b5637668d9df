/**
 * Gold figures computed straight from API-shaped data, independently of the dbt SQL:
 * every line of every live cart at the product's current price, in integer cents.
 */
export interface ApiProduct {
  id: number;
  price: number;
  category: string;
}

export interface ApiCart {
  id: number;
  products: { productId: number; quantity: number }[];
}

export interface GoldTotals {
  carts: number;
  lines: number;
  units: number;
  revenueCents: number;
}

const cents = (price: number): number => Math.round(price * 100);

export function expectedTotals(carts: readonly ApiCart[], products: readonly ApiProduct[]): GoldTotals {
  const price = new Map(products.map((product) => [product.id, cents(product.price)]));
  let lines = 0;
  let units = 0;
  let revenueCents = 0;
  for (const cart of carts) {
    for (const line of cart.products) {
      lines += 1;
      units += line.quantity;
      revenueCents += line.quantity * (price.get(line.productId) ?? Number.NaN);
    }
  }
  return { carts: carts.length, lines, units, revenueCents };
}

export function expectedRevenueByCategory(carts: readonly ApiCart[], products: readonly ApiProduct[]): Record<string, number> {
  const byId = new Map(products.map((product) => [product.id, product]));
  const revenue: Record<string, number> = {};
  for (const cart of carts) {
    for (const line of cart.products) {
      const product = byId.get(line.productId);
      if (!product) throw new Error(`cart ${cart.id} references unknown product ${line.productId}`);
      revenue[product.category] = (revenue[product.category] ?? 0) + line.quantity * cents(product.price);
    }
  }
  return revenue;
}
