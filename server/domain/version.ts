// The product's version, read from package.json at build time (esbuild keeps only this field).
import { version } from '../../package.json';

export const VERSION: string = version;
