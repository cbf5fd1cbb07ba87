export { WEB_APP_FILES, webAppDir, writeWebApp, WebAppMissingError } from './files.js';
