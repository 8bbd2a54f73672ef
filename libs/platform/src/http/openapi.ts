import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of whatever routes this process serves (all of them in the all-in-one launcher),
 * generated from the controllers and DTOs: UI at `/docs`, JSON at `/docs-json`. Served outside Nest's
 * guards, so readable without a token, like Svix's public API reference.
 */
export function serveOpenApi(app: INestApplication, title: string): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription('Svix-compatible webhook delivery API, plus Hookstream extensions.')
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
