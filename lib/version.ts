import pkg from "@/package.json";

export const QUEUEDECK_VERSION: string = pkg.version;
