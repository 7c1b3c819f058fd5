import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { loadModelCard } from './app/modelCard/modelCardStore.ts';
import { startPredictor } from './app/predictor/predictorService.ts';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no element with id "root"');

// Both start at once: the badge and the Model view fill in as they finish.
void loadModelCard();
startPredictor().catch(() => {
  // The failure is in the predictor store, and the backend badge shows it.
});

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
