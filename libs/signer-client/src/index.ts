export { SignerClientModule } from './signer-client.module';
export { SignerClient, SignerError } from './signer.client';
