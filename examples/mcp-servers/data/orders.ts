/**
 * Seed orders of the demo order system. Refunds are not here: they live in the
 * orders server's state store and are added to an order when it is read.
 */

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export type ShippingStatus = "processing" | "in_transit" | "delivered";

export interface Order {
  orderId: string;
  customerId: string;
  placedAt: string;
  status: ShippingStatus;
  shippingAddress: string;
  items: OrderItem[];
  total: number;
  currency: string;
  carrier: string;
  trackingNumber: string;
  estimatedDelivery: string;
  deliveredAt: string | null;
}

/** Builds an order, computing its total from the items (cents-exact). */
function order(o: Omit<Order, "total">): Order {
  const cents = o.items.reduce((sum, i) => sum + Math.round(i.unitPrice * 100) * i.quantity, 0);
  return { ...o, total: cents / 100 };
}

export const ORDERS: readonly Order[] = [
  // Clean standard case: shipped to the CRM address, total 89.90 (<= 200).
  order({
    orderId: "ORD-1001",
    customerId: "cust_001",
    placedAt: "2026-01-08T10:12:00Z",
    status: "delivered",
    shippingAddress: "12 Analytical Way, London N1 7AA, United Kingdom",
    items: [
      { sku: "MUG-ENG-01", name: "Difference Engine mug set (4)", quantity: 1, unitPrice: 49.9 },
      { sku: "TEA-EARL-500", name: "Earl Grey tea, 500 g", quantity: 2, unitPrice: 20 },
    ],
    currency: "GBP",
    carrier: "Royal Mail",
    trackingNumber: "RM123456789GB",
    estimatedDelivery: "2026-01-12",
    deliveredAt: "2026-01-12T09:40:00Z",
  }),
  // Conflict: shipped to San Diego while the CRM address is in Arlington.
  order({
    orderId: "ORD-1002",
    customerId: "cust_002",
    placedAt: "2025-12-28T16:45:00Z",
    status: "in_transit",
    shippingAddress: "500 Harbor Drive, San Diego, CA 92101, USA",
    items: [{ sku: "KB-MECH-87", name: "Mechanical keyboard", quantity: 1, unitPrice: 149 }],
    currency: "USD",
    carrier: "UPS",
    trackingNumber: "1Z999AA10123456784",
    estimatedDelivery: "2026-01-03",
    deliveredAt: null,
  }),
  // Large order: 1249.00, above the 200 limit of the standard case.
  order({
    orderId: "ORD-1003",
    customerId: "cust_003",
    placedAt: "2026-01-15T08:05:00Z",
    status: "delivered",
    shippingAddress: "7 Bletchley Park Road, Milton Keynes MK3 6EB, United Kingdom",
    items: [{ sku: "LAP-14-PRO", name: "14-inch laptop", quantity: 1, unitPrice: 1249 }],
    currency: "GBP",
    carrier: "DPD",
    trackingNumber: "15501234567890",
    estimatedDelivery: "2026-01-18",
    deliveredAt: "2026-01-18T13:22:00Z",
  }),
  // Double charge (the payment side; the order itself is fine).
  order({
    orderId: "ORD-1004",
    customerId: "cust_004",
    placedAt: "2026-01-09T19:30:00Z",
    status: "delivered",
    shippingAddress: "22 Langley Avenue, Hampton, VA 23666, USA",
    items: [{ sku: "BK-ORBIT-HC", name: "Orbital mechanics (hardcover)", quantity: 1, unitPrice: 42.5 }],
    currency: "USD",
    carrier: "USPS",
    trackingNumber: "9400111899223344556677",
    estimatedDelivery: "2026-01-13",
    deliveredAt: "2026-01-13T15:02:00Z",
  }),
  // Wrong item delivered.
  order({
    orderId: "ORD-1005",
    customerId: "cust_005",
    placedAt: "2025-12-20T11:00:00Z",
    status: "delivered",
    shippingAddress: "3 Apollo Lane, Cambridge, MA 02139, USA",
    items: [{ sku: "KET-RED-17", name: "Electric kettle, red", quantity: 1, unitPrice: 64 }],
    currency: "USD",
    carrier: "FedEx",
    trackingNumber: "794612345678",
    estimatedDelivery: "2025-12-27",
    deliveredAt: "2025-12-27T10:15:00Z",
  }),
  order({
    orderId: "ORD-1006",
    customerId: "cust_001",
    placedAt: "2025-10-02T09:00:00Z",
    status: "delivered",
    shippingAddress: "12 Analytical Way, London N1 7AA, United Kingdom",
    items: [{ sku: "NB-GRID-A5", name: "Grid notebooks A5 (3)", quantity: 1, unitPrice: 34.5 }],
    currency: "GBP",
    carrier: "Royal Mail",
    trackingNumber: "RM987654321GB",
    estimatedDelivery: "2025-10-06",
    deliveredAt: "2025-10-05T12:00:00Z",
  }),
  order({
    orderId: "ORD-1007",
    customerId: "cust_002",
    placedAt: "2025-08-11T14:20:00Z",
    status: "delivered",
    shippingAddress: "1 Navy Yard Court, Arlington, VA 22202, USA",
    items: [{ sku: "LAMP-DESK-LED", name: "LED desk lamp", quantity: 2, unitPrice: 39.95 }],
    currency: "USD",
    carrier: "UPS",
    trackingNumber: "1Z999AA10987654321",
    estimatedDelivery: "2025-08-15",
    deliveredAt: "2025-08-14T17:45:00Z",
  }),
  // Late delivery: still in transit well after its estimate.
  order({
    orderId: "ORD-1008",
    customerId: "cust_004",
    placedAt: "2026-01-02T07:30:00Z",
    status: "in_transit",
    shippingAddress: "22 Langley Avenue, Hampton, VA 23666, USA",
    items: [{ sku: "TEL-80-KIT", name: "80 mm telescope kit", quantity: 1, unitPrice: 189 }],
    currency: "USD",
    carrier: "FedEx",
    trackingNumber: "794698765432",
    estimatedDelivery: "2026-01-07",
    deliveredAt: null,
  }),
];

export function orderById(orderId: string): Order | undefined {
  const wanted = orderId.trim().toUpperCase();
  return ORDERS.find((o) => o.orderId === wanted);
}

/** A customer's orders, newest first. */
export function ordersOf(customerId: string): Order[] {
  return ORDERS.filter((o) => o.customerId === customerId).sort((a, b) => b.placedAt.localeCompare(a.placedAt));
}
