import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives: readiness answers 503 so that no new traffic is routed here. */
@Injectable()
export class ShutdownState {
  private draining = false;

  beginDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
