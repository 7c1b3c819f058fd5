import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { loadModels } from './app/modelCard/modelSelection.ts';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no element with id "root"');

// The model index names the model, whose card and predictor then load at once:
// the badge and the views fill in as they finish.
void loadModels();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
