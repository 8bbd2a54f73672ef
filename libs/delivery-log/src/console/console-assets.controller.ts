import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { BadRequestException, Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HookstreamConfig, Public } from '@hookstream/platform';

const MOUNT = '/console/';

/**
 * The web console (apps/console): its static build from HOOKSTREAM_CONSOLE_DIR at /console, public like any page
 * (the console's API calls carry the token). Paths without an extension are the console's own routes and get
 * index.html; hashed files under assets/ are cached for good. Without a build, /console says how to make one.
 */
@Public()
@ApiExcludeController()
@Controller()
export class ConsoleAssetsController {
  constructor(private readonly config: HookstreamConfig) {}

  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, MOUNT);
  }

  // Express matches `console` for `/console/` too (non-strict routing): only the bare path is redirected.
  @Get('console')
  mount(@Req() req: Request, @Res() res: Response): void {
    if (req.path.startsWith(MOUNT)) return this.asset(req, res);
    res.redirect(301, MOUNT);
  }

  @Get('console/*path')
  asset(@Req() req: Request, @Res() res: Response): void {
    const dir = this.config.consoleDir;
    if (!existsSync(dir)) throw new NotFoundException(`The web console is not built: run "npx nx build console" (looked in ${dir}, set by HOOKSTREAM_CONSOLE_DIR)`);
    const relative = decodePath(req.path.slice(MOUNT.length)) || 'index.html';
    const file = extname(relative) === '' ? 'index.html' : relative;
    const cache = file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    // `root` confines the file to the console directory (Express answers 403 to `..`).
    res.sendFile(file, { root: dir, dotfiles: 'deny', headers: { 'cache-control': cache } }, (error?: Error & { status?: number }) => {
      if (!error || res.headersSent) return;
      res.status(error.status ?? 404).json({ code: 'not_found', detail: `No console file "${relative}"` });
    });
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new BadRequestException(`"${path}" is not a valid URL path (bad percent-encoding)`);
  }
}
