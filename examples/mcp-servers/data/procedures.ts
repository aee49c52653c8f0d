/**
 * Seed resolution procedures of the demo knowledge base, searched by keyword
 * by docs.search_procedures. `general-complaint` is the fallback when nothing
 * matches.
 */

export interface Procedure {
  id: string;
  title: string;
  summary: string;
  keywords: string[];
  steps: string[];
  /** Whether the usual resolution is a refund, and up to which amount it needs no approval. */
  refund: { usual: boolean; approvalAbove: number | null };
}

export const PROCEDURES: readonly Procedure[] = [
  {
    id: "damaged-item",
    title: "Damaged or broken item",
    summary: "The item arrived damaged, broken, cracked or not working.",
    keywords: ["damaged", "broken", "cracked", "shattered", "smashed", "defective", "faulty", "arrived", "scratched"],
    steps: [
      "Ask for a photo of the damage if the customer has not sent one.",
      "Refund the order in full; no return is needed for items under 200.",
      "Above 200, a person approves the refund and a courier collects the item.",
      "Log a ticket and email the customer the refund confirmation.",
    ],
    refund: { usual: true, approvalAbove: 200 },
  },
  {
    id: "late-delivery",
    title: "Late or lost delivery",
    summary: "The parcel has not arrived by its estimated delivery date, or tracking shows no movement.",
    keywords: [
      "late",
      "delayed",
      "delay",
      "lost",
      "missing",
      "arrived",
      "tracking",
      "delivery",
      "waiting",
      "never",
      "parcel",
      "package",
    ],
    steps: [
      "Check the carrier's tracking for the order.",
      "Under 5 days late: apologise and share the tracking link.",
      "Over 5 days late or marked lost: refund the order, or reship at the customer's choice.",
      "Log a ticket and email the customer.",
    ],
    refund: { usual: true, approvalAbove: 200 },
  },
  {
    id: "wrong-address",
    title: "Delivered to the wrong address",
    summary: "The order was shipped to an address other than the customer's, or the customer moved.",
    keywords: ["address", "wrong", "moved", "neighbour", "neighbor", "shipped", "delivered", "redirect"],
    steps: [
      "Compare the order's shipping address with the address on file.",
      "When they differ, a person decides: the customer may have asked for that address.",
      "If the carrier made the error, open a claim with the carrier and reship or refund.",
      "Log a ticket and email the customer.",
    ],
    refund: { usual: false, approvalAbove: 0 },
  },
  {
    id: "double-charge",
    title: "Charged twice",
    summary: "The customer sees two (or more) charges for one order.",
    keywords: ["charged", "twice", "double", "duplicate", "charge", "payment", "card", "statement", "billed"],
    steps: [
      "Check the payment provider for a duplicate capture on the order.",
      "Refund the duplicate amount (not the order) when confirmed.",
      "A pending authorisation disappears by itself within 5 days: explain it.",
      "Log a ticket and email the customer.",
    ],
    refund: { usual: true, approvalAbove: 200 },
  },
  {
    id: "wrong-item",
    title: "Wrong item received",
    summary: "The customer received another product, colour or size than the one ordered.",
    keywords: ["wrong", "item", "colour", "color", "size", "instead", "different", "ordered", "received"],
    steps: [
      "Confirm the item received against the order lines.",
      "Send a prepaid return label and ship the right item.",
      "If it is out of stock, refund the order.",
      "Log a ticket and email the customer.",
    ],
    refund: { usual: false, approvalAbove: 200 },
  },
  {
    id: "missing-item",
    title: "Item missing from the parcel",
    summary: "The parcel arrived but one of the ordered items is not in it.",
    keywords: ["missing", "incomplete", "parcel", "package", "empty", "part", "item"],
    steps: [
      "Check the packing weight recorded by the warehouse.",
      "Reship the missing item, or refund it when out of stock.",
      "Log a ticket and email the customer.",
    ],
    refund: { usual: false, approvalAbove: 200 },
  },
  {
    id: "general-complaint",
    title: "General complaint",
    summary: "Any other issue: listen, log it, and route it to the right team.",
    keywords: ["complaint", "unhappy", "problem", "issue", "help"],
    steps: [
      "Acknowledge the issue and apologise.",
      "Log a ticket with the customer's words.",
      "Route it to the team that owns the problem and tell the customer when to expect an answer.",
    ],
    refund: { usual: false, approvalAbove: 0 },
  },
];

export const FALLBACK_PROCEDURE_ID = "general-complaint";
