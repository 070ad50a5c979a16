import { MemoryStorage } from '../../src/index/memory-storage';
import { storageContract } from './storage-contract';

storageContract('memory', () => ({
  make: async () => new MemoryStorage(),
  leftovers: async (s) => Array.from({ length: (s as MemoryStorage).bucketCount() }, (_, i) => `bucket ${i}`),
}));
