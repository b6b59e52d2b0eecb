/** fleetsim's version, written into every summary (kept equal to package.json by a test). */
export const FLEETSIM_VERSION = '0.1.0';
