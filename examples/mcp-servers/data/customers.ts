/**
 * Seed customers of the demo CRM, with their past contacts. Addresses are
 * single strings: the support-escalation workflow compares the CRM address with
 * the order's shipping address for equality.
 */

export type Tier = "standard" | "silver" | "gold" | "platinum";

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  tier: Tier;
  customerSince: string;
}

export interface Contact {
  customerId: string;
  date: string;
  channel: "email" | "phone" | "chat";
  summary: string;
}

export const CUSTOMERS: readonly Customer[] = [
  {
    // The clean standard case: ORD-1001 shipped to this address, total <= 200.
    id: "cust_001",
    name: "Ada Lovelace",
    email: "ada.lovelace@example.com",
    phone: "+44 20 7946 0001",
    address: "12 Analytical Way, London N1 7AA, United Kingdom",
    tier: "gold",
    customerSince: "2021-03-14",
  },
  {
    // The conflict: ORD-1002 was shipped to another address than this one.
    id: "cust_002",
    name: "Grace Hopper",
    email: "grace.hopper@example.com",
    phone: "+1 703 555 0102",
    address: "1 Navy Yard Court, Arlington, VA 22202, USA",
    tier: "platinum",
    customerSince: "2019-12-09",
  },
  {
    // The large order: ORD-1003 (1249.00) needs a person's approval.
    id: "cust_003",
    name: "Alan Turing",
    email: "alan.turing@example.com",
    phone: "+44 1908 555 003",
    address: "7 Bletchley Park Road, Milton Keynes MK3 6EB, United Kingdom",
    tier: "silver",
    customerSince: "2022-06-23",
  },
  {
    id: "cust_004",
    name: "Katherine Johnson",
    email: "katherine.johnson@example.com",
    phone: "+1 757 555 0104",
    address: "22 Langley Avenue, Hampton, VA 23666, USA",
    tier: "standard",
    customerSince: "2023-08-26",
  },
  {
    id: "cust_005",
    name: "Margaret Hamilton",
    email: "margaret.hamilton@example.com",
    phone: "+1 617 555 0105",
    address: "3 Apollo Lane, Cambridge, MA 02139, USA",
    tier: "gold",
    customerSince: "2020-07-20",
  },
];

export const CONTACTS: readonly Contact[] = [
  {
    customerId: "cust_001",
    date: "2025-11-02",
    channel: "email",
    summary: "Asked how to change the delivery address of a future order.",
  },
  {
    customerId: "cust_002",
    date: "2025-09-18",
    channel: "phone",
    summary: "Moved to San Diego for a project; asked to ship there for a while.",
  },
  {
    customerId: "cust_002",
    date: "2026-01-05",
    channel: "chat",
    summary: "Order ORD-1002 not arrived yet; told it was on its way.",
  },
  {
    customerId: "cust_003",
    date: "2026-01-20",
    channel: "email",
    summary: "Reported a cracked screen on the laptop of ORD-1003, sent photos.",
  },
  {
    customerId: "cust_004",
    date: "2026-01-11",
    channel: "phone",
    summary: "Saw two charges for ORD-1004 on the card statement.",
  },
  {
    customerId: "cust_005",
    date: "2025-12-29",
    channel: "chat",
    summary: "Received a blue kettle instead of the red one ordered.",
  },
];

/** The customer with this email (case-insensitive), if any. */
export function customerByEmail(email: string): Customer | undefined {
  const wanted = email.trim().toLowerCase();
  return CUSTOMERS.find((c) => c.email.toLowerCase() === wanted);
}

export function customerById(id: string): Customer | undefined {
  return CUSTOMERS.find((c) => c.id === id);
}
