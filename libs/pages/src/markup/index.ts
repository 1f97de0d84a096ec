// The browser's entry point into the pages' markup (`@liveline/pages/markup`): pure functions and
// data with no Nest, Node or DOM imports, so the server and the bundles draw the same timeline.
export * from './embed-card';
export * from './embed-messages';
export * from './html';
export * from './json-ld';
export * from './locale';
export * from './media-markup';
export * from './messages';
export * from './reader-state';
export * from './time';
export * from './timeline-markup';
export * from './timeline.css';
