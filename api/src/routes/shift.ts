import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgentShift } from '@cobranza/contracts/api';
import { currentUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { agentShift } from '../services/agent-shift.js';

export const shiftRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/agents/me/shift',
    {
      // only the agent's own shift: the wallboard (supervisors) has every agent's status already
      config: { roles: ['agent'] },
      schema: {
        tags: ['agent'],
        summary: "The agent's state as the dialer last reported it and the call still on screen (in progress, or waiting for its disposition)",
        response: { 200: AgentShift },
      },
    },
    async (req) => agentShift(deps.db, deps.liveState, currentUser(req).id),
  );
};
