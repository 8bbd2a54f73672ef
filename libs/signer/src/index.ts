export { SignerModule, SIGNER_DATABASE } from './signer.module';
export { SignerClientModule } from './client/signer-client.module';
export { SignerClient, SignerError } from './client/signer.client';
