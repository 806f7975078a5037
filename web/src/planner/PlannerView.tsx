export function PlannerView(){return null}
