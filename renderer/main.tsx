/**
 * The renderer's entry point: picks the transport (the Electron preload's bridge, else the
 * browser host's HTTP API), then renders the workbench. Bundled by scripts/build.mjs into
 * dist/renderer/app.js and app.css.
 */
import 'prosemirror-view/style/prosemirror.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/reader.css';
import './styles/panels.css';
import './styles/dialogs.css';
import './styles/claims.css';
import './styles/entities.css';
import './styles/sources.css';
import './styles/compare.css';
import './styles/search.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/api-client.js';
import { ApiProvider } from './api/api-context.js';
import { WorkspaceDataProvider } from './data/workspace-data.js';
import { AnnouncerProvider } from './ui/announcer.js';
import { ToastProvider } from './ui/toasts.js';
import { ReportExportProvider } from './workbench/report-export.js';
import { App } from './workbench/app.js';

const client = createApiClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Wait (briefly) for the live event stream, so no change made meanwhile goes unseen.
void client.ready.then(() => {
  createRoot(root).render(
    <StrictMode>
      <ToastProvider>
        <AnnouncerProvider>
          <ApiProvider client={client}>
            <WorkspaceDataProvider>
              <ReportExportProvider>
                <App />
              </ReportExportProvider>
            </WorkspaceDataProvider>
          </ApiProvider>
        </AnnouncerProvider>
      </ToastProvider>
    </StrictMode>,
  );
});
