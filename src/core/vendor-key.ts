/** The vendors the gateway speaks to. Adding one means a folder under src/vendors and a line here. */
export const VENDOR_KEYS = ['cpanel', 'akamai', 'twosms', 'huawei', 'slashid'] as const;
export type VendorKey = (typeof VENDOR_KEYS)[number];
