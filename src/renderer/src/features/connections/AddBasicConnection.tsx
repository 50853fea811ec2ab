/** Kept for older imports: the add form now covers every provider. */
export { AddConnection as AddBasicConnection } from './AddConnection';
