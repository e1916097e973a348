// Confab's JavaScript client. No UI imports: any app (or a test in Node) can use it.
export { Api, type GroupSpec, type RoomEdit, type UploadOptions } from './api';
export { Backoff } from './backoff';
export { Cache, type OutboxFile, type OutboxItem, type RoomEntry } from './cache';
export { ConfabClient, type ClientEvents, type ClientOptions, type Status } from './client';
export { ConfabError } from './errors';
export { quoteOf } from './quote';
export { deliveryOf, readersOf, type Delivery } from './receipts';
export { Socket, type SocketState, type WebSocketFactory, type WebSocketLike } from './socket';
export type * from './types';
export * from './notify';
export * from './pairing';
export * from './push';
