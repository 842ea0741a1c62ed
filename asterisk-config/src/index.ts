export * from './env.js';
export * from './numbers.js';
export * from './rtp-pcap.js';
export * from './sipp.js';
