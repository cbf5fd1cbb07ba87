export { mulberry32 } from '@cnn-analyzer/arch-spec';
