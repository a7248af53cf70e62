/**
 * The version of Triangulate, as workspaces, exports and the command line report it.
 */
export const APP_VERSION = '0.1.0';
