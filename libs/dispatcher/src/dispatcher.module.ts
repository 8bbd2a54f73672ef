import { Module } from '@nestjs/common';
import { SignerClientModule } from '@hookstream/signer';
import { DeliveriesConsumer } from './delivery/deliveries.consumer';
import { DeliveryPipeline } from './delivery/delivery-pipeline';
import { HttpSender } from './http/http-sender';

/** dispatcher: pulls delivery tasks, gets signatures, POSTs, records the attempt, schedules the retry. */
@Module({
  imports: [SignerClientModule],
  providers: [HttpSender, DeliveryPipeline, DeliveriesConsumer],
})
export class DispatcherModule {}
