/**
 * A vendor's key (`cpanel`, `akamai`, ...): the `vendor` of a VendorModule. The list of them is derived from the
 * vendor modules (VENDOR_KEYS in src/vendors/index.ts), so this layer knows no vendor by name.
 */
export type VendorKey = string;
